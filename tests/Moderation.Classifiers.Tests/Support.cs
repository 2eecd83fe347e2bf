using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Training;

namespace Moderation.Classifiers.Tests;

/// <summary>The project corpus and the shipped default models, read once per test run.</summary>
internal static class Fixtures
{
    private static readonly Lazy<IReadOnlyList<LabelledText>> SpamCorpus = new(() => LabelledData.Read(Path.Combine(AppContext.BaseDirectory, "Corpus", "spam.tsv")));
    private static readonly Lazy<IReadOnlyList<LabelledText>> ToxicityCorpus = new(() => LabelledData.Read(Path.Combine(AppContext.BaseDirectory, "Corpus", "toxicity.tsv")));
    private static readonly Lazy<LinearTextModel> Spam = new(() => ModelFile.Load(DefaultModelPath("spam")));
    private static readonly Lazy<LinearTextModel> Toxicity = new(() => ModelFile.Load(DefaultModelPath("toxicity")));

    public static IReadOnlyList<LabelledText> Corpus(string task) => task == "spam" ? SpamCorpus.Value : ToxicityCorpus.Value;

    public static LinearTextModel DefaultModel(string task) => task == "spam" ? Spam.Value : Toxicity.Value;

    public static string DefaultModelPath(string task) => Path.Combine(AppContext.BaseDirectory, "Models", task + ".zip");

    /// <summary>A site at the default expected rate, as the pipeline asks for a score.</summary>
    public static Core.Classification.ScoringContext Site { get; } = new("news", Core.Sites.ExpectedRateSettings.Default);

    /// <summary>A small, quick training setup: three folds, one L2 strength.</summary>
    public static TrainingOptions Quick => new() { Folds = 3, L2Candidates = [0.3] };

    /// <summary>A mixed sample of the corpus, positives and negatives both present.</summary>
    public static IReadOnlyList<LabelledText> Sample(string task, int count) => Corpus(task).Take(count).ToList();
}

/// <summary>A clock that stands still, so metadata is reproducible in tests.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A directory under the temp folder that removes itself.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "moderation-tests-" + Guid.NewGuid().ToString("N"));

    public TempDirectory() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the directory for a moment; the OS cleans temp anyway.
        }
    }
}
