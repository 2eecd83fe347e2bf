using Moderation.Classifiers.Features;

namespace Moderation.Classifiers.Training;

/// <summary>
/// Builds a <see cref="WordVectors"/> table from training texts and a sentence encoder, the way Model2Vec distils
/// one (Tulkens and van Dongen, 2024): every word seen at least <c>minCount</c> times is encoded on its own, the
/// vectors are reduced by PCA to the wanted length and stored as signed bytes, and each word is weighted by its smooth
/// inverse frequency in the texts. The encoder runs only here, never when scoring. Deterministic for a
/// deterministic encoder: the PCA starts from a seeded basis and fixes each component's sign.
/// </summary>
public static class WordVectorBuilder
{
    /// <summary>The a of a/(a + p(word)): words more frequent than about one in a thousand count less and less.</summary>
    public const double SmoothInverseFrequency = 1e-3;

    private const int BatchSize = 256;
    private const int PowerIterations = 60;

    /// <param name="encode">Encodes a batch of words into vectors of one length.</param>
    public static WordVectors Build(IReadOnlyList<string> texts, Func<string[], float[][]> encode, int dimensions, int minCount, string source, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(encode);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minCount);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long total = 0;
        foreach (var text in texts)
        {
            var folded = Normalise.Text(text).Folded;
            var position = 0;
            while (FoldedWords.Next(folded, ref position, out var start, out var length))
            {
                var word = folded.Substring(start, length);
                counts[word] = counts.GetValueOrDefault(word) + 1;
                total++;
            }
        }

        var words = counts.Where(kv => kv.Value >= minCount)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key).ToArray();
        if (words.Length == 0)
        {
            throw new ArgumentException($"No word occurs {minCount} times or more in the {texts.Count} texts.", nameof(texts));
        }

        progress?.Invoke($"{words.Length} words seen {minCount} times or more (of {counts.Count})");
        var encoded = new float[words.Length][];
        for (var i = 0; i < words.Length; i += BatchSize)
        {
            var batch = words.AsSpan(i, Math.Min(BatchSize, words.Length - i)).ToArray();
            var vectors = encode(batch);
            if (vectors.Length != batch.Length)
            {
                throw new InvalidOperationException($"The encoder returned {vectors.Length} vectors for {batch.Length} words.");
            }

            vectors.CopyTo(encoded, i);
        }

        var width = encoded[0].Length;
        if (encoded.Any(v => v.Length != width))
        {
            throw new InvalidOperationException("The encoder returned vectors of different lengths.");
        }

        progress?.Invoke($"encoded {words.Length} words into {width} dimensions");
        var reduced = dimensions < width ? Pca(encoded, dimensions) : encoded;
        var weights = words.Select(word => (float)(SmoothInverseFrequency / (SmoothInverseFrequency + counts[word] / (double)total))).ToArray();
        return FromVectors(words, reduced, weights, dimensions < width ? $"{source}, PCA {width} → {reduced[0].Length}" : source);
    }

    /// <summary>A table of the given vectors, each stored as signed bytes times its own scale (largest |value| → 127).</summary>
    internal static WordVectors FromVectors(string[] words, float[][] vectors, float[] weights, string source)
    {
        var k = vectors[0].Length;
        var scales = new float[words.Length];
        var quantised = new sbyte[words.Length * k];
        for (var w = 0; w < words.Length; w++)
        {
            var max = vectors[w].Max(Math.Abs);
            var scale = max > 0 ? max / 127f : 1f;
            scales[w] = scale;
            for (var d = 0; d < k; d++)
            {
                quantised[w * k + d] = (sbyte)Math.Clamp(Math.Round(vectors[w][d] / scale), -127, 127);
            }
        }

        return new WordVectors(words, weights, scales, quantised, k, source);
    }

    /// <summary>
    /// Projects the rows onto their <paramref name="components"/> leading principal components (centred), found by
    /// orthogonal iteration on the covariance matrix from a seeded start; each component's largest coordinate is positive.
    /// </summary>
    internal static float[][] Pca(float[][] rows, int components)
    {
        var n = rows.Length;
        var d = rows[0].Length;
        components = Math.Min(components, d);
        var mean = new double[d];
        foreach (var row in rows)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += row[j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        var covariance = new double[d, d];
        var centred = new double[d];
        foreach (var row in rows)
        {
            for (var j = 0; j < d; j++)
            {
                centred[j] = row[j] - mean[j];
            }

            for (var a = 0; a < d; a++)
            {
                var ca = centred[a];
                for (var b = a; b < d; b++)
                {
                    covariance[a, b] += ca * centred[b];
                }
            }
        }

        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b < a; b++)
            {
                covariance[a, b] = covariance[b, a];
            }
        }

        var random = new Random(20261203);
        var basis = new double[components][];
        for (var c = 0; c < components; c++)
        {
            basis[c] = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
        }

        Orthonormalise(basis);
        for (var iteration = 0; iteration < PowerIterations; iteration++)
        {
            for (var c = 0; c < components; c++)
            {
                var next = new double[d];
                for (var a = 0; a < d; a++)
                {
                    double sum = 0;
                    for (var b = 0; b < d; b++)
                    {
                        sum += covariance[a, b] * basis[c][b];
                    }

                    next[a] = sum;
                }

                basis[c] = next;
            }

            Orthonormalise(basis);
        }

        foreach (var component in basis)
        {
            var largest = component.MaxBy(Math.Abs);
            if (largest < 0)
            {
                for (var j = 0; j < d; j++)
                {
                    component[j] = -component[j];
                }
            }
        }

        return rows.Select(row =>
        {
            var projected = new float[components];
            for (var c = 0; c < components; c++)
            {
                double sum = 0;
                for (var j = 0; j < d; j++)
                {
                    sum += basis[c][j] * (row[j] - mean[j]);
                }

                projected[c] = (float)sum;
            }

            return projected;
        }).ToArray();
    }

    /// <summary>Modified Gram–Schmidt, in order: the first vector keeps its direction.</summary>
    private static void Orthonormalise(double[][] vectors)
    {
        for (var c = 0; c < vectors.Length; c++)
        {
            var v = vectors[c];
            for (var p = 0; p < c; p++)
            {
                double dot = 0;
                for (var j = 0; j < v.Length; j++)
                {
                    dot += v[j] * vectors[p][j];
                }

                for (var j = 0; j < v.Length; j++)
                {
                    v[j] -= dot * vectors[p][j];
                }
            }

            var norm = Math.Sqrt(v.Sum(x => x * x));
            for (var j = 0; j < v.Length; j++)
            {
                v[j] /= norm;
            }
        }
    }
}
