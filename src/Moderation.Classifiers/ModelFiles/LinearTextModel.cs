using System.Collections.Concurrent;
using System.Globalization;
using Moderation.Classifiers.Calibration;
using Moderation.Classifiers.Features;
using Moderation.Contracts;
using Moderation.Core.Classification;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.ModelFiles;

/// <summary>
/// A trained linear model over TF-IDF n-grams with its calibration: immutable, so one instance serves any
/// number of threads; per-call scratch comes from a pool of workspaces.
/// </summary>
public sealed class LinearTextModel
{
    private readonly Vectorizer _vectorizer;
    private readonly float[] _weights;
    private readonly ScoringTable _table;
    private readonly ConcurrentBag<Vectorizer.Workspace> _pool = [];
    private readonly ConcurrentDictionary<double, OperatingThresholds?> _thresholdsByRate = new();

    internal LinearTextModel(ModelMetadata metadata, Vocabulary vocabulary, float[] weights, float bias, WordVectorBlock? wordVectors = null)
    {
        if (weights.Length != vocabulary.Count)
        {
            throw new InvalidDataException($"The model has {weights.Length} weights for {vocabulary.Count} features.");
        }

        if (wordVectors is not null && wordVectors.Weights.Length != wordVectors.Vectors.Dimensions)
        {
            throw new InvalidDataException($"The model has {wordVectors.Weights.Length} word-vector weights for {wordVectors.Vectors.Dimensions} dimensions.");
        }

        if ((wordVectors is null) != (metadata.WordVectors is null))
        {
            throw new InvalidDataException(wordVectors is null ? "The metadata describes word vectors the model does not have." : "The model has word vectors its metadata does not describe.");
        }

        if (wordVectors is not null && metadata.FormatVersion != ModelFile.WordVectorFormatVersion)
        {
            throw new InvalidDataException($"A model with word vectors has format version {ModelFile.WordVectorFormatVersion}, not {metadata.FormatVersion}.");
        }

        if (wordVectors is not null && metadata.WordVectors!.Sha256 != wordVectors.Vectors.Sha256)
        {
            throw new InvalidDataException($"The model's word vectors (SHA-256 {wordVectors.Vectors.Sha256[..12]}…) are not those its metadata names ({metadata.WordVectors.Sha256[..12]}…).");
        }

        WordVectors = wordVectors;

        Metadata = metadata;
        _vectorizer = new Vectorizer(metadata.Features, vocabulary);
        _weights = weights;
        _table = new ScoringTable(vocabulary, weights);
        Bias = bias;
    }

    public ModelMetadata Metadata { get; }

    public float Bias { get; }

    internal Vocabulary Vocabulary => _vectorizer.Vocabulary;

    internal float[] Weights => _weights;

    /// <summary>The dense part of the score, over the comment's word-vector embedding; null for an n-gram model alone.</summary>
    internal WordVectorBlock? WordVectors { get; }

    /// <summary>The uncalibrated score w·x + b.</summary>
    public double Logit(NormalizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A workspace goes back to the pool only after a clean run: an exception could leave counts behind.
        var ws = Rent();
        NgramExtractor.Extract(text, _vectorizer.Settings, ws.Buffers);
        var logit = _table.Logit(ws.Buffers.Grams, Bias, ws.Scoring);
        _pool.Add(ws);
        return logit + DenseLogit(text);
    }

    /// <summary>The word-vector block's share of the logit (0 without one).</summary>
    internal double DenseLogit(NormalizedText text) => WordVectors?.Logit(text) ?? 0;

    /// <summary>
    /// The same score through the vectoriser that training uses, feature vector first: slower, and
    /// the reference that the scoring table must agree with.
    /// </summary>
    internal double VectorLogit(NormalizedText text)
    {
        var ws = Rent();
        _vectorizer.Vectorize(text, ws);
        var logit = Dot(ws);
        _pool.Add(ws);
        return logit + DenseLogit(text);
    }

    /// <summary>The calibrated probability that the comment is positive for the model's task, at the training data's class balance.</summary>
    public double Probability(NormalizedText text) => Metadata.Calibration.Apply(Logit(text));

    /// <summary>The calibrated probability corrected to an expected positive rate (unchanged for a file that records no training prior).</summary>
    public double Probability(NormalizedText text, double expectedRate) => AtRate(Probability(text), expectedRate);

    /// <summary>A probability of this model re-expressed for an expected positive rate.</summary>
    public double AtRate(double probability, double expectedRate) =>
        Metadata.TrainingPrior is { } prior ? PriorShift.Apply(probability, prior, expectedRate) : probability;

    /// <summary>
    /// The model's hold and reject thresholds at an expected positive rate, in probabilities corrected to that
    /// rate; the recorded thresholds for a file without an operating curve. Worked out once per rate.
    /// </summary>
    public OperatingThresholds? ThresholdsAt(double expectedRate) => _thresholdsByRate.GetOrAdd(expectedRate, rate =>
        Metadata is { OperatingCurve: { } curve, TrainingPrior: { } prior }
            ? OperatingCurves.At(curve, prior, rate, Metadata.Thresholds.RejectPrecision)
            : new OperatingThresholds(Metadata.Thresholds.Hold, Metadata.Thresholds.Reject));

    /// <summary>
    /// The words (and links, mentions, shapes) that pushed the score up most, each with its contribution
    /// to the logit: word and bigram weights plus the share of every character n-gram that overlaps it.
    /// </summary>
    public IReadOnlyList<Evidence> Explain(NormalizedText text, int top = 5, double minContribution = 0.05)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ws = Rent();
        var evidence = Attribute(text, ws.Buffers, Shares(text, ws), top, minContribution);
        _pool.Add(ws);
        return evidence;
    }

    /// <summary>Each n-gram's share of the logit, in the extractor's order; NaN outside the vocabulary.</summary>
    internal float[] Shares(NormalizedText text)
    {
        var ws = Rent();
        var shares = Shares(text, ws);
        _pool.Add(ws);
        return shares;
    }

    private float[] Shares(NormalizedText text, Vectorizer.Workspace ws)
    {
        NgramExtractor.Extract(text, _vectorizer.Settings, ws.Buffers);
        var shares = new float[ws.Buffers.Grams.Count];
        _table.Contributions(ws.Buffers.Grams, ws.Scoring, shares);
        return shares;
    }

    private double Dot(Vectorizer.Workspace ws)
    {
        double sum = Bias;
        var indices = ws.Indices;
        var values = ws.Values;
        for (var i = 0; i < ws.Length; i++)
        {
            sum += _weights[indices[i]] * values[i];
        }

        return sum;
    }

    private Vectorizer.Workspace Rent() => _pool.TryTake(out var ws) ? ws : _vectorizer.CreateWorkspace();

    /// <summary>
    /// Spreads each gram's share of the logit (<paramref name="shares"/>, NaN outside the vocabulary)
    /// over the units a moderator recognises, and keeps the largest.
    /// </summary>
    private List<Evidence> Attribute(NormalizedText text, NgramExtractor.Buffers buffers, float[] shares, int top, double minContribution)
    {
        var source = buffers.Source;
        var folded = _vectorizer.Settings.Source == TextSource.Folded;
        var grams = buffers.Grams;

        // Units a moderator recognises: words (merged into the link they belong to) and shape tokens.
        var units = new List<Unit>();
        var unitByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var unitOfChar = new int[source.Length];
        Array.Fill(unitOfChar, -1);
        var urlUnits = new int[text.Urls.Count];
        for (var u = 0; u < text.Urls.Count; u++)
        {
            var url = text.Urls[u];
            urlUnits[u] = UnitFor(units, unitByKey, url.Text, url.Start, url.Length);
        }

        foreach (var (start, length, _) in buffers.Words)
        {
            var (oStart, oLength) = folded ? ToOriginal(text, start, length) : (start, length);
            var unit = -1;
            for (var u = 0; u < text.Urls.Count; u++)
            {
                var url = text.Urls[u];
                if (oStart >= url.Start && oStart + oLength <= url.Start + url.Length)
                {
                    unit = urlUnits[u];
                    break;
                }
            }

            if (unit < 0)
            {
                unit = UnitFor(units, unitByKey, text.Original.Substring(oStart, oLength), oStart, oLength);
            }

            Array.Fill(unitOfChar, unit, start, length);
        }

        for (var g = 0; g < grams.Count; g++)
        {
            if (float.IsNaN(shares[g]))
            {
                continue;
            }

            var (start, length) = NgramExtractor.SourceSpanOf(grams[g], buffers);
            var gram = grams[g] with { Start = start, Length = length };
            var contribution = (double)shares[g];
            if (gram.Start < 0)
            {
                if (gram.Kind == GramKind.Shape)
                {
                    var shape = UnitFor(units, unitByKey, NgramExtractor.NameOf(gram, buffers), null, null);
                    units[shape].Contribution += contribution;
                }

                continue;
            }

            switch (gram.Kind)
            {
                case GramKind.Shape:
                    var covered = UrlUnitCovering(text, urlUnits, gram.Start, gram.Length);
                    var unit = covered >= 0 ? covered : UnitFor(units, unitByKey, text.Original.Substring(gram.Start, gram.Length), gram.Start, gram.Length);
                    units[unit].Contribution += contribution;
                    break;
                case GramKind.Word:
                    var first = unitOfChar[gram.Start];
                    var last = unitOfChar[gram.Start + gram.Length - 1];
                    if (first == last)
                    {
                        units[first].Contribution += contribution;
                    }
                    else
                    {
                        units[first].Contribution += contribution / 2;
                        units[last].Contribution += contribution / 2;
                    }

                    break;
                default:
                    var inUnits = 0;
                    for (var c = gram.Start; c < gram.Start + gram.Length; c++)
                    {
                        inUnits += unitOfChar[c] >= 0 ? 1 : 0;
                    }

                    for (var c = gram.Start; c < gram.Start + gram.Length && inUnits > 0; c++)
                    {
                        if (unitOfChar[c] >= 0)
                        {
                            units[unitOfChar[c]].Contribution += contribution / inUnits;
                        }
                    }

                    break;
            }
        }

        return units
            .Where(u => u.Contribution >= minContribution)
            .OrderByDescending(u => u.Contribution)
            .Take(top)
            .Select(u => new Evidence
            {
                Text = u.Text,
                Start = u.Start,
                Length = u.Length,
                Detail = u.Contribution.ToString("+0.00;-0.00", CultureInfo.InvariantCulture),
            })
            .ToList();
    }

    private static int UrlUnitCovering(NormalizedText text, int[] urlUnits, int start, int length)
    {
        for (var u = 0; u < text.Urls.Count; u++)
        {
            if (text.Urls[u].Start == start && text.Urls[u].Length == length)
            {
                return urlUnits[u];
            }
        }

        return -1;
    }

    private static (int Start, int Length) ToOriginal(NormalizedText text, int start, int length)
    {
        var span = text.ToOriginal(start, length);
        return (span.Start, span.Length);
    }

    private static int UnitFor(List<Unit> units, Dictionary<string, int> byKey, string display, int? start, int? length)
    {
        var key = display.ToLowerInvariant();
        if (byKey.TryGetValue(key, out var existing))
        {
            return existing;
        }

        units.Add(new Unit { Text = display, Start = start, Length = length });
        byKey[key] = units.Count - 1;
        return units.Count - 1;
    }

    private sealed class Unit
    {
        public required string Text { get; init; }

        public int? Start { get; init; }

        public int? Length { get; init; }

        public double Contribution { get; set; }
    }
}

/// <summary>Weights over the comment vectors of a <see cref="Features.WordVectors"/> table: the dense part of a model's logit.</summary>
public sealed record WordVectorBlock(WordVectors Vectors, float[] Weights)
{
    /// <summary>w·e, with e the comment's unit-length word-vector embedding.</summary>
    public double Logit(NormalizedText text)
    {
        Span<float> embedding = Vectors.Dimensions <= 1024 ? stackalloc float[Vectors.Dimensions] : new float[Vectors.Dimensions];
        Vectors.Embed(text, embedding);
        return Dot(Weights, embedding);
    }

    /// <summary>w·e over an embedding already made (the trainer scores its rows this way).</summary>
    internal static double Dot(ReadOnlySpan<float> weights, ReadOnlySpan<float> embedding)
    {
        double sum = 0;
        for (var d = 0; d < embedding.Length; d++)
        {
            sum += weights[d] * embedding[d];
        }

        return sum;
    }
}
