using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Features;

/// <summary>
/// Static word vectors: one short vector per known word, so a comment becomes a dense vector by a weighted average
/// of its words' vectors (no neural network at scoring time). Each vector is a sentence encoder's embedding of the
/// word on its own, reduced by PCA and stored as signed bytes with a scale (see <c>WordVectorBuilder</c>); each
/// word carries the smooth inverse frequency weight a/(a + p(word)) of Arora, Liang and Ma (2017), so frequent words
/// count little. Words are those of <see cref="NormalizedText.Folded"/> (<see cref="FoldedWords"/>). Immutable.
/// </summary>
public sealed class WordVectors
{
    private const int Magic = 0x3156574D; // "MWV1"
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly float[] _weights;
    private readonly float[] _scales;
    private readonly sbyte[] _vectors;

    internal WordVectors(string[] words, float[] weights, float[] scales, sbyte[] vectors, int dimensions, string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (weights.Length != words.Length || scales.Length != words.Length || vectors.Length != words.Length * dimensions)
        {
            throw new InvalidDataException($"Word vectors: {words.Length} words, {weights.Length} weights, {scales.Length} scales and {vectors.Length} values for {dimensions} dimensions.");
        }

        Words = words;
        _weights = weights;
        _scales = scales;
        _vectors = vectors;
        Dimensions = dimensions;
        Source = source;
        _index = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            if (!_index.TryAdd(words[i], i))
            {
                throw new InvalidDataException($"Word vectors: '{words[i]}' appears twice.");
            }
        }

        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(ToBytes()));
    }

    public IReadOnlyList<string> Words { get; }

    public int Count => Words.Count;

    public int Dimensions { get; }

    /// <summary>Where the vectors came from (the encoder and the reduction), as recorded in the file.</summary>
    public string Source { get; }

    /// <summary>SHA-256 of the file's bytes: which table a model was trained with.</summary>
    public string Sha256 { get; }

    /// <summary>
    /// Writes the comment's vector into <paramref name="into"/> (length <see cref="Dimensions"/>): the weighted mean
    /// of its known words' vectors, scaled to unit length. Returns the number of known words; with none, the vector is zero.
    /// </summary>
    public int Embed(NormalizedText text, Span<float> into)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (into.Length != Dimensions)
        {
            throw new ArgumentException($"Expected a span of {Dimensions} values, got {into.Length}.", nameof(into));
        }

        into.Clear();
        var folded = text.Folded.AsSpan();
        var sum = ArrayPool<double>.Shared.Rent(Dimensions);
        try
        {
            Array.Clear(sum, 0, Dimensions);
            var known = 0;
            var position = 0;
            while (FoldedWords.Next(text.Folded, ref position, out var start, out var length))
            {
                if (!_lookup.TryGetValue(folded.Slice(start, length), out var w))
                {
                    continue;
                }

                known++;
                var factor = (double)_weights[w] * _scales[w];
                var vector = _vectors.AsSpan(w * Dimensions, Dimensions);
                for (var d = 0; d < Dimensions; d++)
                {
                    sum[d] += factor * vector[d];
                }
            }

            double norm = 0;
            for (var d = 0; d < Dimensions; d++)
            {
                norm += sum[d] * sum[d];
            }

            if (norm > 0)
            {
                norm = Math.Sqrt(norm);
                for (var d = 0; d < Dimensions; d++)
                {
                    into[d] = (float)(sum[d] / norm);
                }
            }

            return known;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sum);
        }
    }

    /// <summary>The comment's vector as a new array.</summary>
    public float[] Embed(NormalizedText text)
    {
        var vector = new float[Dimensions];
        Embed(text, vector);
        return vector;
    }

    /// <summary>
    /// Little-endian: int magic "MWV1", int count, int dimensions, string source, then count × (string word,
    /// float weight, float scale, dimensions × sbyte).
    /// </summary>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Count);
        w.Write(Dimensions);
        w.Write(Source);
        for (var i = 0; i < Count; i++)
        {
            w.Write(Words[i]);
            w.Write(_weights[i]);
            w.Write(_scales[i]);
            w.Write(MemoryMarshal.Cast<sbyte, byte>(_vectors.AsSpan(i * Dimensions, Dimensions)));
        }
    }

    /// <exception cref="InvalidDataException">Not a word-vector file this version can read.</exception>
    public static WordVectors Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (r.ReadInt32() != Magic)
            {
                throw new InvalidDataException("Not a word-vector file (no MWV1 header).");
            }

            var count = r.ReadInt32();
            var dimensions = r.ReadInt32();
            if (count < 0 || dimensions is <= 0 or > 4096)
            {
                throw new InvalidDataException($"A word-vector file declares {count} words of {dimensions} dimensions.");
            }

            var source = r.ReadString();
            var words = new string[count];
            var weights = new float[count];
            var scales = new float[count];
            var vectors = new sbyte[count * dimensions];
            for (var i = 0; i < count; i++)
            {
                words[i] = r.ReadString();
                weights[i] = r.ReadSingle();
                scales[i] = r.ReadSingle();
                var bytes = r.ReadBytes(dimensions);
                if (bytes.Length != dimensions)
                {
                    throw new InvalidDataException($"The word-vector file ends inside word {i} of {count}.");
                }

                Buffer.BlockCopy(bytes, 0, vectors, i * dimensions, dimensions);
            }

            return new WordVectors(words, weights, scales, vectors, dimensions, source);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The word-vector file ends early.", e);
        }
    }

    public static WordVectors Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        Write(stream);
    }

    private byte[] ToBytes()
    {
        using var memory = new MemoryStream();
        Write(memory);
        return memory.ToArray();
    }
}
