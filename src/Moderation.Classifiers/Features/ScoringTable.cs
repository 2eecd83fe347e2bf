using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Moderation.Classifiers.Features;

/// <summary>
/// The scoring half of a linear TF-IDF model in one table: each n-gram's hash beside its IDF and its
/// weight, 16 bytes a slot. Scoring a comment then costs one memory access per n-gram, where the
/// vocabulary, the dense count array, the IDF and the weight arrays cost four or five; beside the broker
/// and the database on two cores those were cache misses, and scoring took ten times its benchmark
/// (docs/load-and-faults.md). Computes what <see cref="Vectorizer"/> and a dot product with the weights
/// compute: sublinear TF × IDF, each block (char; word + shape) scaled to unit length. Immutable once
/// built, so any number of threads may score with it, each with its own <see cref="Scratch"/>.
/// </summary>
internal sealed class ScoringTable
{
    private readonly Entry[] _entries;
    private readonly int _mask;

    public ScoringTable(Vocabulary vocabulary, float[] weights)
    {
        if (weights.Length != vocabulary.Count)
        {
            throw new ArgumentException($"{weights.Length} weights for {vocabulary.Count} features.", nameof(weights));
        }

        var capacity = 16;
        while (capacity < vocabulary.Count * 2)
        {
            capacity <<= 1;
        }

        _entries = new Entry[capacity];
        _mask = capacity - 1;
        for (var i = 0; i < vocabulary.Count; i++)
        {
            var hash = vocabulary.Hashes[i];
            var slot = Vocabulary.SlotOf(hash, _mask);
            while (_entries[slot].Hash != 0)
            {
                slot = (slot + 1) & _mask;
            }

            // The block travels in the IDF's sign: char n-grams positive, words and shapes negative.
            var idf = vocabulary.Idf[i];
            _entries[slot] = new Entry(hash, i < vocabulary.CharCount ? idf : -idf, weights[i]);
        }
    }

    /// <summary>bias + w·x for the comment's n-grams.</summary>
    public double Logit(List<Gram> grams, float bias, Scratch scratch)
    {
        scratch.Prepare(grams.Count);
        var local = scratch.Slots;
        var counts = scratch.Counts;
        var used = scratch.Used;
        var localMask = local.Length - 1;
        var distinct = 0;
        foreach (var gram in CollectionsMarshal.AsSpan(grams))
        {
            // Occurrences per distinct n-gram, counted in a table the size of the comment.
            var slot = Find(gram.Hash);
            if (slot >= 0)
            {
                Count(local, counts, used, ref distinct, slot, localMask);
            }
        }

        double charDot = 0, charNorm = 0, wordDot = 0, wordNorm = 0;
        for (var u = 0; u < distinct; u++)
        {
            var at = used[u];
            ref readonly var entry = ref _entries[local[at] - 1];
            local[at] = 0;
            var tf = Vectorizer.SublinearTf(counts[at]);
            if (entry.Idf >= 0)
            {
                var value = tf * entry.Idf;
                charNorm += value * value;
                charDot += value * entry.Weight;
            }
            else
            {
                var value = -tf * entry.Idf;
                wordNorm += value * value;
                wordDot += value * entry.Weight;
            }
        }

        var logit = (double)bias;
        if (charNorm > 0)
        {
            logit += charDot / Math.Sqrt(charNorm);
        }

        if (wordNorm > 0)
        {
            logit += wordDot / Math.Sqrt(wordNorm);
        }

        return logit;
    }

    /// <summary>
    /// Each gram's share of the logit: its feature's weight × its TF-IDF value, divided evenly among
    /// the feature's occurrences in the comment; NaN for a gram outside the vocabulary. The arithmetic
    /// is the vectoriser's (float values, each block scaled to unit length, features in order of first
    /// occurrence), so the shares are those an explanation from the full vector gives, without the
    /// vectoriser's dense arrays and second vocabulary look-up.
    /// </summary>
    public void Contributions(List<Gram> grams, Scratch scratch, float[] shares)
    {
        scratch.Prepare(grams.Count);
        var local = scratch.Slots;
        var counts = scratch.Counts;
        var used = scratch.Used;
        var at = scratch.GramSlots;
        var localMask = local.Length - 1;
        var distinct = 0;
        var span = CollectionsMarshal.AsSpan(grams);
        for (var g = 0; g < span.Length; g++)
        {
            var slot = Find(span[g].Hash);
            at[g] = slot < 0 ? -1 : Count(local, counts, used, ref distinct, slot, localMask);
        }

        double charNorm = 0, wordNorm = 0;
        for (var u = 0; u < distinct; u++)
        {
            ref readonly var entry = ref _entries[local[used[u]] - 1];
            var value = Vectorizer.SublinearTf(counts[used[u]]) * MathF.Abs(entry.Idf);
            if (entry.Idf >= 0)
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
        for (var g = 0; g < span.Length; g++)
        {
            var position = at[g];
            if (position < 0)
            {
                shares[g] = float.NaN;
                continue;
            }

            ref readonly var entry = ref _entries[local[position] - 1];
            var value = Vectorizer.SublinearTf(counts[position]) * MathF.Abs(entry.Idf) * (entry.Idf >= 0 ? charScale : wordScale);
            shares[g] = entry.Weight * value / counts[position];
        }

        for (var u = 0; u < distinct; u++)
        {
            local[used[u]] = 0;
        }
    }

    /// <summary>Counts one occurrence of the table's <paramref name="slot"/> in the comment's local table; returns its position there.</summary>
    // Inlined: Logit calls it once per n-gram, and it was written inline there before it was shared.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Count(int[] local, int[] counts, int[] used, ref int distinct, int slot, int localMask)
    {
        // slot + 1: 0 marks an empty position.
        var at = slot & localMask;
        while (true)
        {
            var key = local[at];
            if (key == 0)
            {
                local[at] = slot + 1;
                counts[at] = 1;
                used[distinct++] = at;
                return at;
            }

            if (key == slot + 1)
            {
                counts[at]++;
                return at;
            }

            at = (at + 1) & localMask;
        }
    }

    private int Find(ulong hash)
    {
        var slot = Vocabulary.SlotOf(hash, _mask);
        while (true)
        {
            var key = _entries[slot].Hash;
            if (key == hash)
            {
                return slot;
            }

            if (key == 0)
            {
                return -1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Entry(ulong Hash, float Idf, float Weight);

    /// <summary>Per-thread counting space, sized to the longest comment seen; left empty after each use.</summary>
    internal sealed class Scratch
    {
        public int[] Slots { get; private set; } = new int[2048];

        public int[] Counts { get; private set; } = new int[2048];

        public int[] Used { get; private set; } = new int[1024];

        /// <summary>Each gram's position in the local table, for <see cref="Contributions"/>.</summary>
        public int[] GramSlots { get; private set; } = new int[1024];

        /// <summary>Room for <paramref name="grams"/> distinct n-grams at most half-filling the local table.</summary>
        public void Prepare(int grams)
        {
            if (Used.Length < grams)
            {
                var size = 16;
                while (size < grams * 2)
                {
                    size <<= 1;
                }

                Slots = new int[size];
                Counts = new int[size];
                Used = new int[grams];
                GramSlots = new int[grams];
            }
        }
    }
}
