using System.Buffers.Binary;
using Moderation.Core.Normalisation;

namespace Moderation.Core.Rules.History;

/// <summary>
/// A similarity sketch of a comment: a MinHash signature over its word pairs, computed on the
/// matching text (folded, repeated letters collapsed), so "FREE  m0ney!!" and "free money" sketch alike.
/// It cannot be turned back into the text, so the history store keeps no comment text.
/// </summary>
/// <remarks>
/// One-permutation MinHash: each word pair is hashed once, the hash picks one of <see cref="Size"/> bins,
/// and each bin keeps its smallest value; empty bins borrow from the next full one. The share of equal
/// bins estimates the Jaccard similarity of the two sets of word pairs. <see cref="BandKeys"/> cut the
/// signature into bands for locality-sensitive lookup: texts similar enough share a band key with
/// high probability, so a store can find candidates by an indexed equality match on the keys.
/// </remarks>
public sealed class TextSketch
{
    /// <summary>Bins in a signature.</summary>
    public const int Size = 64;

    /// <summary>Bins per band: 16 bands of 4 find pairs of similarity 0.8 with probability above 0.999.</summary>
    public const int BandWidth = 4;

    public const int Bands = Size / BandWidth;

    private TextSketch(uint[] values) => Values = values;

    /// <summary>The signature: <see cref="Size"/> bin minima.</summary>
    public IReadOnlyList<uint> Values { get; }

    /// <summary>Number of words the text had (for the minimum-length check; not part of the similarity).</summary>
    public int Words { get; private init; }

    /// <summary>The sketch of a text, or null when it has fewer than <paramref name="minWords"/> words.</summary>
    public static TextSketch? From(NormalizedText text, int minWords)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = text.Match;
        var words = new List<ulong>();
        var h = Fnv.Offset;
        var inWord = false;
        for (var i = 0; i < m.Length; i++)
        {
            if (m.Chars[i] == ' ')
            {
                if (inWord)
                {
                    words.Add(h);
                }

                h = Fnv.Offset;
                inWord = false;
                continue;
            }

            h = (h ^ m.Chars[i]) * Fnv.Prime;
            inWord = true;
        }

        if (inWord)
        {
            words.Add(h);
        }

        if (words.Count < Math.Max(1, minWords))
        {
            return null;
        }

        var bins = new uint[Size];
        Array.Fill(bins, uint.MaxValue);
        var filled = new bool[Size];
        if (words.Count == 1)
        {
            Put(bins, filled, Mix(words[0]));
        }

        for (var i = 1; i < words.Count; i++)
        {
            Put(bins, filled, Mix((words[i - 1] * 31) ^ words[i]));
        }

        Densify(bins, filled);
        return new TextSketch(bins) { Words = words.Count };
    }

    /// <summary>Rebuilds a sketch stored with <see cref="ToBytes"/>.</summary>
    public static TextSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size * 4)
        {
            throw new ArgumentException($"A sketch is {Size * 4} bytes long, not {bytes.Length}.", nameof(bytes));
        }

        var values = new uint[Size];
        for (var i = 0; i < Size; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
        }

        return new TextSketch(values);
    }

    /// <summary>The signature as 256 bytes, for a store.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size * 4];
        for (var i = 0; i < Size; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), Values[i]);
        }

        return bytes;
    }

    private long[]? _bandKeys;

    /// <summary>One key per band: band index and its bins hashed together. Equal keys mean a candidate pair.</summary>
    public long[] BandKeys() => (long[])(_bandKeys ??= ComputeBandKeys()).Clone();

    private long[] ComputeBandKeys()
    {
        var keys = new long[Bands];
        for (var b = 0; b < Bands; b++)
        {
            var h = Fnv.Offset ^ (ulong)b;
            for (var k = 0; k < BandWidth; k++)
            {
                h = (h ^ Values[(b * BandWidth) + k]) * Fnv.Prime;
            }

            keys[b] = (long)Mix(h);
        }

        return keys;
    }

    /// <summary>Estimated Jaccard similarity of the two texts' word pairs, in [0, 1].</summary>
    public double Similarity(TextSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var equal = 0;
        for (var i = 0; i < Size; i++)
        {
            if (Values[i] == other.Values[i])
            {
                equal++;
            }
        }

        return (double)equal / Size;
    }

    private static void Put(uint[] bins, bool[] filled, ulong hash)
    {
        var bin = (int)(hash % Size);
        var value = (uint)(hash >> 32);
        if (value <= bins[bin])
        {
            bins[bin] = value;
            filled[bin] = true;
        }
    }

    /// <summary>Rotation densification: an empty bin takes the next full bin's value, marked by the distance.</summary>
    private static void Densify(uint[] bins, bool[] filled)
    {
        for (var i = 0; i < Size; i++)
        {
            if (filled[i])
            {
                continue;
            }

            for (var d = 1; d < Size; d++)
            {
                var j = (i + d) % Size;
                if (filled[j])
                {
                    bins[i] = (uint)Mix(bins[j] + ((ulong)d << 32));
                    break;
                }
            }
        }
    }

    /// <summary>SplitMix64's finaliser: spreads similar inputs over the whole range.</summary>
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
        return x ^ (x >> 31);
    }

    private static class Fnv
    {
        public const ulong Offset = 14695981039346656037UL;
        public const ulong Prime = 1099511628211UL;
    }
}
