using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Features;

/// <summary>
/// Sublinear TF-IDF over a fixed vocabulary, each block (char n-grams; words and shapes) scaled to unit
/// length: the same code builds training rows and scores comments, so the two cannot drift apart.
/// </summary>
internal sealed class Vectorizer(FeatureSettings settings, Vocabulary vocabulary)
{
    /// <summary>1 + ln(n) for small counts: most n-grams occur once or twice in a comment.</summary>
    private static readonly float[] LogTable = Enumerable.Range(0, 64).Select(n => n == 0 ? 0f : 1 + MathF.Log(n)).ToArray();

    /// <summary>The term weight of an n-gram seen <paramref name="count"/> times (count ≥ 1).</summary>
    internal static float SublinearTf(int count) => count < LogTable.Length ? LogTable[count] : 1 + MathF.Log(count);

    public FeatureSettings Settings { get; } = settings;

    public Vocabulary Vocabulary { get; } = vocabulary;

    /// <summary>Per-thread scratch: a dense count array the size of the vocabulary plus the touched indices.</summary>
    internal sealed class Workspace(int size)
    {
        public readonly NgramExtractor.Buffers Buffers = new();
        public readonly ScoringTable.Scratch Scoring = new();
        public readonly float[] Counts = new float[size];
        public readonly List<int> Touched = new(1024);
        public int[] Indices = new int[1024];
        public float[] Values = new float[1024];
        public int Length;
    }

    public Workspace CreateWorkspace() => new(Vocabulary.Count);

    /// <summary>Fills <c>workspace.Indices/Values[0..Length)</c> with the comment's vector (indices unsorted).</summary>
    public void Vectorize(NormalizedText text, Workspace workspace)
    {
        NgramExtractor.Extract(text, Settings, workspace.Buffers);
        VectorizeGrams(workspace);
    }

    /// <summary>Vectorises the grams already in <c>workspace.Buffers</c>.</summary>
    public void VectorizeGrams(Workspace workspace)
    {
        workspace.Touched.Clear();
        foreach (var gram in workspace.Buffers.Grams)
        {
            Count(gram.Hash, workspace);
        }

        Weigh(workspace);
    }

    /// <summary>Vectorises n-grams given by hash only (training keeps hashes, not whole grams, per comment).</summary>
    public void VectorizeHashes(ReadOnlySpan<ulong> hashes, Workspace workspace)
    {
        workspace.Touched.Clear();
        foreach (var hash in hashes)
        {
            Count(hash, workspace);
        }

        Weigh(workspace);
    }

    private void Count(ulong hash, Workspace workspace)
    {
        var index = Vocabulary.IndexOf(hash);
        if (index < 0)
        {
            return;
        }

        if (workspace.Counts[index] == 0)
        {
            workspace.Touched.Add(index);
        }

        workspace.Counts[index]++;
    }

    private void Weigh(Workspace workspace)
    {
        var counts = workspace.Counts;
        var touched = workspace.Touched;

        if (workspace.Indices.Length < touched.Count)
        {
            workspace.Indices = new int[touched.Count * 2];
            workspace.Values = new float[touched.Count * 2];
        }

        var idf = Vocabulary.Idf;
        var charCount = Vocabulary.CharCount;
        double charNorm = 0, wordNorm = 0;
        for (var i = 0; i < touched.Count; i++)
        {
            var index = touched[i];
            var count = (int)counts[index];
            var value = SublinearTf(count) * idf[index];
            counts[index] = 0;
            workspace.Indices[i] = index;
            workspace.Values[i] = value;
            if (index < charCount)
            {
                charNorm += value * value;
            }
            else
            {
                wordNorm += value * value;
            }
        }

        var charScale = charNorm > 0 ? (float)(1 / Math.Sqrt(charNorm)) : 0f;
        var wordScale = wordNorm > 0 ? (float)(1 / Math.Sqrt(wordNorm)) : 0f;
        for (var i = 0; i < touched.Count; i++)
        {
            workspace.Values[i] *= workspace.Indices[i] < charCount ? charScale : wordScale;
        }

        workspace.Length = touched.Count;
    }
}
