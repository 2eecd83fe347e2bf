namespace Moderation.Classifiers.Scoring;

/// <summary>Where one task's model lives and how it is watched. Bound from <c>Moderation:Models:{Task}</c>.</summary>
public sealed record ClassifierOptions
{
    /// <summary>"spam" or "toxicity"; a model file for another task is refused.</summary>
    public required string Task { get; init; }

    /// <summary>Path of the model zip; relative paths resolve against the application's base directory.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Reload when the file changes (FileSystemWatcher, debounced).</summary>
    public bool Watch { get; init; } = true;

    /// <summary>Also compare the file's time stamp and size at this interval (watchers miss events on some mounts); zero turns polling off.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many words or n-grams an explanation names at most.</summary>
    public int ExplanationSize { get; init; } = 5;

    /// <summary>
    /// Explanations are computed only from this probability (at the site's expected rate) up. They are worked
    /// out only when a score becomes a reason anyway, so the default 0 gives every such reason its evidence,
    /// however low the site's hold threshold.
    /// </summary>
    public double ExplainFrom { get; init; }

    /// <summary>
    /// A span model (<see cref="Spans.SpanModel"/>) that picks the evidence instead of the model's own explanation:
    /// the words a moderator would mark. Null, or a file that does not load, leaves the explanation as evidence.
    /// </summary>
    public string? SpanModelPath { get; init; }

    /// <summary>The default model shipped next to the assembly: Models/{task}.zip; for toxicity also Models/spans.zip.</summary>
    public static ClassifierOptions Default(string task) => new()
    {
        Task = task,
        ModelPath = Path.Combine(AppContext.BaseDirectory, "Models", task + ".zip"),
        SpanModelPath = task == "toxicity" ? Path.Combine(AppContext.BaseDirectory, "Models", Spans.SpanModelFile.Task + ".zip") : null,
    };
}
