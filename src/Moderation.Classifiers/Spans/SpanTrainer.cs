using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Spans;

/// <summary>How the span model is trained. Every run with the same options and data gives the same weights.</summary>
public sealed record SpanTrainingOptions
{
    /// <summary>Passes over the training words (shuffled by <see cref="Seed"/> each pass).</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>AdaGrad's step size.</summary>
    public double LearningRate { get; init; } = 0.02;

    /// <summary>L2 penalty per update of a weight.</summary>
    public double L2 { get; init; } = 1e-6;

    /// <summary>
    /// No word is marked below this probability, whatever scores best on the task's data: there every post is toxic,
    /// so marking a post's likeliest words even at 0.05 pays, but in the service it would mark words of a civil
    /// comment that the toxicity model took for abuse ("The mayor's plan", "will work"). It costs span F1 on
    /// the task's posts (cross-validated 0.663 without a floor, 0.657 at 0.2).
    /// </summary>
    public double Floor { get; init; } = 0.2;

    /// <summary>Features seen in fewer training words are left out (of the training and of the file).</summary>
    public int MinCount { get; init; } = 2;

    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 14;
}

/// <summary>The decoding chosen out of fold and the span F1 it reached.</summary>
public sealed record SpanCrossValidation(SpanDecoding Decoding, double F1, double F1AtDefaults);

/// <summary>
/// Trains <see cref="SpanModel"/>: logistic regression over each word's hashed features, by AdaGrad on one thread
/// with a seeded shuffle, so the weights repeat to the bit. A word is labelled toxic when at least half of its
/// characters were marked. The decoding (threshold, fallback word, gap filling) is chosen by k-fold
/// cross-validation on the training posts for the task's own metric.
/// </summary>
public sealed class SpanTrainer(SpanTrainingOptions options, Action<string>? progress = null)
{
    private static readonly double[] Thresholds = Enumerable.Range(5, 36).Select(i => i / 50.0).ToArray();
    private static readonly double[] Fallbacks = [1, 0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4];
    private static readonly double[] Relatives = [1, 0.8, 0.6, 0.4];

    public SpanTrainingOptions Options { get; } = options;

    /// <summary>
    /// Cross-validates, then trains on every post with the decoding that won out of fold. <paramref name="lexiconRows"/>,
    /// labelled comments (the toxicity training data), give every word a prior (<see cref="SpanLexicon"/>); none, no prior.
    /// </summary>
    public SpanModel Train(IReadOnlyList<SpanPost> posts, IReadOnlyList<string> files, IReadOnlyList<Training.LabelledText>? lexiconRows = null)
    {
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(files);
        var lexicon = lexiconRows is { Count: > 0 } ? SpanLexicon.Build(lexiconRows) : SpanLexicon.Empty;
        progress?.Invoke($"lexicon: {lexicon.Count} words with a prior");
        var data = Prepared.From(posts, lexicon);
        progress?.Invoke($"{posts.Count} posts, {data.Words} words ({data.Labels.Count(l => l)} toxic), {data.HashOf.Count} distinct features");
        var cv = CrossValidate(data);
        progress?.Invoke($"cross-validated span F1 {cv.F1:0.0000} with threshold {cv.Decoding.Threshold:0.00}, fallback {cv.Decoding.Fallback:0.00} × {cv.Decoding.Relative:0.0}, fill {cv.Decoding.Fill} ({cv.F1AtDefaults:0.0000} at threshold 0.5, words only)");

        var (weights, bias) = Fit(data, _ => true);
        var kept = new Dictionary<ulong, float>();
        for (var f = 0; f < weights.Length; f++)
        {
            if (weights[f] != 0)
            {
                kept[data.HashOf[f]] = weights[f];
            }
        }

        var metadata = new SpanModelMetadata
        {
            Version = SpanModelFile.VersionOf(bias, kept, cv.Decoding),
            TrainingDataSha256 = Fingerprint(posts),
            TrainingFiles = files.Select(Path.GetFileName).OfType<string>().Concat(lexiconRows?.Select(r => r.Source).OfType<string>().Distinct().Select(f => "lexicon: " + f) ?? []).ToList(),
            TrainingPosts = posts.Count,
            TrainingWords = data.Words,
            TrainingToxicWords = data.Labels.Count(l => l),
            Trainer = Options,
            Decoding = cv.Decoding,
            Features = kept.Count,
            LexiconWords = lexicon.Count,
            CrossValidatedF1 = Math.Round(cv.F1, 4),
        };
        return new SpanModel(metadata, kept, bias, lexicon);
    }

    /// <summary>Out-of-fold word probabilities for every post, and the decoding with the best mean span F1 on them.</summary>
    public SpanCrossValidation CrossValidate(IReadOnlyList<SpanPost> posts) => CrossValidate(Prepared.From(posts, SpanLexicon.Empty));

    private SpanCrossValidation CrossValidate(Prepared data)
    {
        var order = Enumerable.Range(0, data.Posts).ToArray();
        new Random(Options.Seed).Shuffle(order);
        var foldOf = new int[data.Posts];
        for (var i = 0; i < order.Length; i++)
        {
            foldOf[order[i]] = i % Options.Folds;
        }

        var outOfFold = new double[data.Words];
        for (var fold = 0; fold < Options.Folds; fold++)
        {
            var (weights, bias) = Fit(data, post => foldOf[post] != fold);
            for (var post = 0; post < data.Posts; post++)
            {
                if (foldOf[post] == fold)
                {
                    for (var w = data.PostWordStart[post]; w < data.PostWordStart[post + 1]; w++)
                    {
                        outOfFold[w] = Probability(data, w, weights, bias);
                    }
                }
            }

            progress?.Invoke($"fold {fold + 1}/{Options.Folds} done");
        }

        var best = (Decoding: new SpanDecoding(), F1: double.MinValue);
        foreach (var fill in Enum.GetValues<GapFill>())
        {
            foreach (var threshold in Thresholds.Where(t => t >= Options.Floor))
            {
                foreach (var fallback in Fallbacks.Where(f => f == 1 || (f < threshold && f >= Options.Floor)))
                {
                    foreach (var relative in fallback == 1 ? [1] : Relatives)
                    {
                        var decoding = new SpanDecoding { Threshold = threshold, Fallback = fallback, Relative = relative, Fill = fill };
                        var f1 = data.MeanF1(outOfFold, decoding);
                        if (f1 > best.F1 + 1e-12)
                        {
                            best = (decoding, f1);
                        }
                    }
                }
            }
        }

        return new SpanCrossValidation(best.Decoding, best.F1, data.MeanF1(outOfFold, new SpanDecoding()));
    }

    private static double Probability(Prepared data, int word, float[] weights, float bias)
    {
        double z = bias;
        for (var k = data.WordFeatureStart[word]; k < data.WordFeatureStart[word + 1]; k++)
        {
            z += weights[data.Features[k]];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>AdaGrad on the logistic loss over the words of the posts <paramref name="inTraining"/> selects.</summary>
    private (float[] Weights, float Bias) Fit(Prepared data, Func<int, bool> inTraining)
    {
        var words = new List<int>(data.Words);
        var counts = new int[data.HashOf.Count];
        for (var post = 0; post < data.Posts; post++)
        {
            if (!inTraining(post))
            {
                continue;
            }

            for (var w = data.PostWordStart[post]; w < data.PostWordStart[post + 1]; w++)
            {
                words.Add(w);
                for (var k = data.WordFeatureStart[w]; k < data.WordFeatureStart[w + 1]; k++)
                {
                    counts[data.Features[k]]++;
                }
            }
        }

        var weights = new float[counts.Length];
        var squares = new float[counts.Length];
        float bias = 0, biasSquares = 0;
        var order = words.ToArray();
        var random = new Random(Options.Seed);
        var rate = (float)Options.LearningRate;
        var l2 = (float)Options.L2;
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var w in order)
            {
                double z = bias;
                for (var k = data.WordFeatureStart[w]; k < data.WordFeatureStart[w + 1]; k++)
                {
                    var f = data.Features[k];
                    if (counts[f] >= Options.MinCount)
                    {
                        z += weights[f];
                    }
                }

                var g = (float)(1 / (1 + Math.Exp(-z)) - (data.Labels[w] ? 1 : 0));
                for (var k = data.WordFeatureStart[w]; k < data.WordFeatureStart[w + 1]; k++)
                {
                    var f = data.Features[k];
                    if (counts[f] >= Options.MinCount)
                    {
                        var gf = g + l2 * weights[f];
                        squares[f] += gf * gf;
                        weights[f] -= rate * gf / MathF.Sqrt(squares[f] + 1e-8f);
                    }
                }

                biasSquares += g * g;
                bias -= rate * g / MathF.Sqrt(biasSquares + 1e-8f);
            }
        }

        for (var f = 0; f < counts.Length; f++)
        {
            if (counts[f] < Options.MinCount)
            {
                weights[f] = 0;
            }
        }

        return (weights, bias);
    }

    private static string Fingerprint(IReadOnlyList<SpanPost> posts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in posts)
        {
            var line = $"{p.Id}\t{JsonSerializer.Serialize(p.Text)}\t[{string.Join(", ", p.Gold.Order())}]\n";
            sha.AppendData(Encoding.UTF8.GetBytes(line));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The posts as flat arrays: words, their feature ids and labels, and what the span F1 needs per word and gap.</summary>
    private sealed class Prepared
    {
        public int Posts;
        public int Words;
        public int[] PostWordStart = [];
        public int[] WordFeatureStart = [];
        public int[] Features = [];
        public bool[] Labels = [];
        public List<ulong> HashOf = [];

        // In code points, as the task counts: each word's length and marked characters, the gap after it, the gold size.
        private int[] _wordLength = [];
        private int[] _wordOverlap = [];
        private int[] _gapLength = [];
        private int[] _gapOverlap = [];
        private bool[] _gapSpaces = [];
        private int[] _goldCount = [];

        public static Prepared From(IReadOnlyList<SpanPost> posts, SpanLexicon lexicon)
        {
            var p = new Prepared { Posts = posts.Count };
            var idOf = new Dictionary<ulong, int>();
            var postStart = new List<int> { 0 };
            var featureStart = new List<int> { 0 };
            var features = new List<int>();
            var labels = new List<bool>();
            var wordLength = new List<int>();
            var wordOverlap = new List<int>();
            var gapLength = new List<int>();
            var gapOverlap = new List<int>();
            var gapSpaces = new List<bool>();
            var goldCount = new List<int>();
            var hashes = new List<ulong>(64);
            foreach (var post in posts)
            {
                var text = TextNormalizer.Normalize(post.Text);
                var spanFeatures = SpanFeatures.Of(text);
                var gold = post.GoldUtf16;
                var codePoint = CodePointIndex(post.Text);
                var words = spanFeatures.Words;
                for (var w = 0; w < words.Count; w++)
                {
                    var word = words[w];
                    var marked = 0;
                    for (var i = word.Start; i < word.Start + word.Length; i++)
                    {
                        marked += gold.Contains(i) ? 1 : 0;
                    }

                    labels.Add(marked * 2 >= word.Length && marked > 0);
                    var (length, overlap) = CodePoints(codePoint, post.Gold, word.Start, word.Start + word.Length);
                    wordLength.Add(length);
                    wordOverlap.Add(overlap);
                    var gapEnd = w + 1 < words.Count ? words[w + 1].Start : word.Start + word.Length;
                    var gapStart = Math.Min(word.Start + word.Length, gapEnd);
                    var (gLength, gOverlap) = CodePoints(codePoint, post.Gold, gapStart, gapEnd);
                    gapLength.Add(gLength);
                    gapOverlap.Add(gOverlap);
                    gapSpaces.Add(SpanModel.Fills(post.Text, gapStart, gapEnd, GapFill.Spaces));

                    hashes.Clear();
                    spanFeatures.Features(w, hashes, lexicon);
                    foreach (var h in hashes)
                    {
                        if (!idOf.TryGetValue(h, out var id))
                        {
                            id = idOf.Count;
                            idOf[h] = id;
                            p.HashOf.Add(h);
                        }

                        features.Add(id);
                    }

                    featureStart.Add(features.Count);
                }

                postStart.Add(labels.Count);
                goldCount.Add(post.Gold.Count);
            }

            p.Words = labels.Count;
            p.PostWordStart = [.. postStart];
            p.WordFeatureStart = [.. featureStart];
            p.Features = [.. features];
            p.Labels = [.. labels];
            p._wordLength = [.. wordLength];
            p._wordOverlap = [.. wordOverlap];
            p._gapLength = [.. gapLength];
            p._gapOverlap = [.. gapOverlap];
            p._gapSpaces = [.. gapSpaces];
            p._goldCount = [.. goldCount];
            return p;
        }

        /// <summary>The task's metric for word probabilities under a decoding, from the per-word counts (no sets).</summary>
        public double MeanF1(double[] probabilities, SpanDecoding decoding)
        {
            double sum = 0;
            for (var post = 0; post < Posts; post++)
            {
                var from = PostWordStart[post];
                var to = PostWordStart[post + 1];
                var marked = decoding.Select(probabilities[from..to]);
                int predicted = 0, overlap = 0;
                for (var w = 0; w < marked.Length; w++)
                {
                    if (!marked[w])
                    {
                        continue;
                    }

                    predicted += _wordLength[from + w];
                    overlap += _wordOverlap[from + w];
                    var fills = decoding.Fill == GapFill.All || (decoding.Fill == GapFill.Spaces && _gapSpaces[from + w]);
                    if (w + 1 < marked.Length && marked[w + 1] && fills)
                    {
                        predicted += _gapLength[from + w];
                        overlap += _gapOverlap[from + w];
                    }
                }

                var gold = _goldCount[post];
                sum += predicted == 0 || gold == 0 ? (predicted == 0 && gold == 0 ? 1 : 0) : 2.0 * overlap / (predicted + gold);
            }

            return sum / Posts;
        }

        private static int[] CodePointIndex(string text)
        {
            var index = new int[text.Length + 1];
            var codePoint = 0;
            for (var i = 0; i < text.Length; i++)
            {
                index[i] = codePoint;
                if (!(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
                {
                    codePoint++;
                }
            }

            index[text.Length] = codePoint;
            return index;
        }

        private static (int Length, int Overlap) CodePoints(int[] codePoint, IReadOnlySet<int> gold, int start, int end)
        {
            if (end <= start)
            {
                return (0, 0);
            }

            var first = codePoint[start];
            var last = codePoint[end - 1];
            var overlap = 0;
            for (var c = first; c <= last; c++)
            {
                overlap += gold.Contains(c) ? 1 : 0;
            }

            return (last - first + 1, overlap);
        }
    }
}
