using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Spans;
using Moderation.Core.Classification;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Scoring;

/// <summary>
/// The pipeline's classifier for one task, scoring with the model file at a configured path.
/// Thread-safe: the model is immutable and pools its own scratch; a reload builds the new model
/// completely and then swaps one reference, so a score uses either the old or the new model, never a mix.
/// Not ready (<see cref="IsLoaded"/> false, <see cref="Score"/> null) until a valid file has loaded;
/// a broken replacement file keeps the previous model and is reported in <see cref="LastError"/>.
/// </summary>
public sealed partial class ModelClassifier : IClassifier, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly ClassifierOptions _options;
    private readonly ILogger _logger;
    private readonly string _path;
    private readonly Lock _reloadLock = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer? _debounce;
    private readonly ITimer? _poll;
    private volatile LinearTextModel? _model;
    private volatile SpanModel? _spans;
    private (DateTime Written, long Length)? _loadedStamp;
    private int _retries;

    public ModelClassifier(ClassifierOptions options, ILogger<ModelClassifier>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Task);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ModelPath);
        _options = options;
        _logger = logger ?? NullLogger<ModelClassifier>.Instance;
        _path = Path.GetFullPath(options.ModelPath, AppContext.BaseDirectory);
        time ??= TimeProvider.System;

        Reload();

        if (options.Watch)
        {
            _debounce = time.CreateTimer(_ => ReloadAfterChange(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            var directory = Path.GetDirectoryName(_path)!;
            if (Directory.Exists(directory))
            {
                _watcher = new FileSystemWatcher(directory, Path.GetFileName(_path))
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                _watcher.Changed += (_, _) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
                _watcher.Created += (_, _) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
                _watcher.Renamed += (_, _) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
                _watcher.EnableRaisingEvents = true;
            }
        }

        if (options.PollInterval > TimeSpan.Zero)
        {
            _poll = time.CreateTimer(_ => ReloadIfChanged(), null, options.PollInterval, options.PollInterval);
        }
    }

    public string Task => _options.Task;

    /// <summary>True once a model is loaded: the service's readiness check.</summary>
    public bool IsLoaded => _model is not null;

    /// <summary>The metadata of the model in use, or null.</summary>
    public ModelMetadata? Metadata => _model?.Metadata;

    /// <summary>The model loaded now, null before the first successful load.</summary>
    public LinearTextModel? Model => _model;

    /// <summary>True when a span model picks the evidence.</summary>
    public bool SpansLoaded => _spans is not null;

    /// <summary>The metadata of the span model in use, or null.</summary>
    public SpanModelMetadata? SpanMetadata => _spans?.Metadata;

    /// <summary>Why the last load failed, or null when it succeeded.</summary>
    public string? LastError { get; private set; }

    /// <summary>The full path being watched.</summary>
    public string ModelPath => _path;

    /// <summary>Raised after a new model has been swapped in.</summary>
    public event EventHandler<ModelMetadata>? ModelLoaded;

    public ClassifierResult? Score(NormalizedText text, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(text);
        var model = _model;
        return model is null ? null : ScoreWith(model, text, context);
    }

    /// <summary>
    /// A score of <paramref name="model"/> as this classifier gives it: the probability at the site's rate, the
    /// model's thresholds at that rate, and the evidence (the span model's when one is loaded, else the model's
    /// own explanation), from <see cref="ClassifierOptions.ExplainFrom"/> up, worked out on first use. Also what
    /// a site's own model of this task scores with.
    /// </summary>
    public ClassifierResult ScoreWith(LinearTextModel model, NormalizedText text, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(text);
        var probability = model.Probability(text, context.ExpectedRate);
        var size = _options.ExplanationSize;
        var thresholds = model.ThresholdsAt(context.ExpectedRate);
        var spans = _spans;
        return probability >= _options.ExplainFrom
            ? new ClassifierResult(probability, model.Metadata.Version, spans is null ? () => model.Explain(text, size) : () => spans.Evidence(text)) { Thresholds = thresholds }
            : new ClassifierResult(probability, model.Metadata.Version, []) { Thresholds = thresholds };
    }

    /// <summary>Loads the file now. Returns true when a model was (re)loaded; on failure the current model stays.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            try
            {
                var info = new FileInfo(_path);
                if (!info.Exists)
                {
                    return Fail($"The {Task} model file does not exist.");
                }

                var stamp = (info.LastWriteTimeUtc, info.Length);
                var model = ModelFile.Load(_path);
                if (!string.Equals(model.Metadata.Task, Task, StringComparison.Ordinal))
                {
                    return Fail($"The model file is for task '{model.Metadata.Task}', not '{Task}'.");
                }

                LoadSpans();
                _model = model;
                _loadedStamp = stamp;
                LastError = null;
                _retries = 0;
                LogLoaded(Task, model.Metadata.Version, model.Metadata.VocabularySize);
                ModelLoaded?.Invoke(this, model.Metadata);
                return true;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or EndOfStreamException)
            {
                return Fail($"{e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>
    /// The span model is read with the main one (and again on each of its reloads). Without it the evidence is the
    /// model's own explanation, so a missing or broken span file is logged, not a reason to refuse scoring.
    /// </summary>
    private void LoadSpans()
    {
        if (_options.SpanModelPath is not { } path)
        {
            return;
        }

        var full = Path.GetFullPath(path, AppContext.BaseDirectory);
        try
        {
            if (!File.Exists(full))
            {
                LogSpansMissing(Task, full);
                return;
            }

            var spans = SpanModelFile.Load(full);
            if (_spans?.Metadata.Version != spans.Metadata.Version)
            {
                LogSpansLoaded(Task, spans.Metadata.Version, spans.Metadata.Features);
            }

            _spans = spans;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or EndOfStreamException)
        {
            LogSpansMissing(Task, full + $" ({e.GetType().Name}: {e.Message})");
        }
    }

    private bool Fail(string error)
    {
        LastError = error;
        LogLoadFailed(Task, _path, error, _model?.Metadata.Version);
        return false;
    }

    private void ReloadIfChanged()
    {
        try
        {
            var info = new FileInfo(_path);
            if (info.Exists && (info.LastWriteTimeUtc, info.Length) != _loadedStamp)
            {
                Reload();
            }
        }
        catch (IOException)
        {
            // The next poll tries again.
        }
    }

    private void ReloadAfterChange()
    {
        if (!Reload() && File.Exists(_path) && Interlocked.Increment(ref _retries) <= 5)
        {
            _debounce?.Change(RetryAfterFailure, Timeout.InfiniteTimeSpan); // probably still being written
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
        _poll?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Task} model {ModelVersion} with {Features} features")]
    private partial void LogLoaded(string task, string modelVersion, int features);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Task} evidence comes from span model {SpanModelVersion} with {Features} features")]
    private partial void LogSpansLoaded(string task, string spanModelVersion, int features);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No span model for {Task} at {SpanModelPath}; the evidence is the model's own explanation")]
    private partial void LogSpansMissing(string task, string spanModelPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the {Task} model from {ModelPath}: {Error}; still using {CurrentVersion}")]
    private partial void LogLoadFailed(string task, string modelPath, string error, string? currentVersion);
}
