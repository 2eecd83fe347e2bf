using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Moderation.Classifiers.Features;

namespace Moderation.Classifiers.ModelFiles;

/// <summary>
/// A model file is a zip with metadata.json (readable by anyone) and features.bin (little-endian:
/// int count, int charCount, float bias, then count × (ulong hash, float idf, float weight)). A model with a
/// word-vector block (format version 2) also holds word-vectors.bin (<see cref="WordVectors.Write"/>) and
/// word-vector-weights.bin (int dimensions, then that many floats).
/// Entries carry a fixed timestamp so that a reproducible rebuild differs only in metadata.createdAt.
/// </summary>
public static class ModelFile
{
    private const string MetadataEntry = "metadata.json";
    private const string FeaturesEntry = "features.bin";
    private const string WordVectorsEntry = "word-vectors.bin";
    private const string WordVectorWeightsEntry = "word-vector-weights.bin";

    /// <summary>The format version of a model with a word-vector block; one without stays at 1, which older builds read.</summary>
    public const int WordVectorFormatVersion = 2;
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes to a temporary file next to <paramref name="path"/> and renames it, so a watching scorer never sees half a file.</summary>
    public static void Save(LinearTextModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        SaveAtomically(path, stream => Write(model, stream));
    }

    /// <summary>Writes a model file through <paramref name="write"/> to a temporary file beside <paramref name="path"/>, then renames it into place.</summary>
    internal static void SaveAtomically(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = File.Create(temp))
            {
                write(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static void Write(LinearTextModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var meta = zip.CreateEntry(MetadataEntry, CompressionLevel.Optimal);
        meta.LastWriteTime = EntryTime;
        using (var s = meta.Open())
        {
            JsonSerializer.Serialize(s, model.Metadata, Json);
        }

        var features = zip.CreateEntry(FeaturesEntry, CompressionLevel.Optimal);
        features.LastWriteTime = EntryTime;
        using (var w = new BinaryWriter(features.Open()))
        {
            var vocabulary = model.Vocabulary;
            w.Write(vocabulary.Count);
            w.Write(vocabulary.CharCount);
            w.Write(model.Bias);
            for (var i = 0; i < vocabulary.Count; i++)
            {
                w.Write(vocabulary.Hashes[i]);
                w.Write(vocabulary.Idf[i]);
                w.Write(model.Weights[i]);
            }
        }

        if (model.WordVectors is { } block)
        {
            var vectors = zip.CreateEntry(WordVectorsEntry, CompressionLevel.Optimal);
            vectors.LastWriteTime = EntryTime;
            using (var s = vectors.Open())
            {
                block.Vectors.Write(s);
            }

            var weights = zip.CreateEntry(WordVectorWeightsEntry, CompressionLevel.Optimal);
            weights.LastWriteTime = EntryTime;
            using var w = new BinaryWriter(weights.Open());
            w.Write(block.Weights.Length);
            foreach (var weight in block.Weights)
            {
                w.Write(weight);
            }
        }
    }

    /// <exception cref="InvalidDataException">The file is not a model file this version can read.</exception>
    public static LinearTextModel Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        return Read(stream);
    }

    public static LinearTextModel Read(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var metaEntry = zip.GetEntry(MetadataEntry) ?? throw new InvalidDataException($"The model file has no {MetadataEntry}.");
        ModelMetadata metadata;
        using (var s = metaEntry.Open())
        {
            metadata = JsonSerializer.Deserialize<ModelMetadata>(s, Json) ?? throw new InvalidDataException($"{MetadataEntry} is empty.");
        }

        if (metadata.FormatVersion is not (1 or WordVectorFormatVersion))
        {
            throw new InvalidDataException($"The model file has format version {metadata.FormatVersion}; this build reads versions 1 and {WordVectorFormatVersion}.");
        }

        var block = metadata.FormatVersion == WordVectorFormatVersion ? ReadWordVectors(zip) : null;

        var featuresEntry = zip.GetEntry(FeaturesEntry) ?? throw new InvalidDataException($"The model file has no {FeaturesEntry}.");
        using var r = new BinaryReader(featuresEntry.Open());
        var count = r.ReadInt32();
        var charCount = r.ReadInt32();
        if (count < 0 || charCount < 0 || charCount > count)
        {
            throw new InvalidDataException($"{FeaturesEntry} declares {count} features of which {charCount} char n-grams.");
        }

        var bias = r.ReadSingle();
        var hashes = new ulong[count];
        var idf = new float[count];
        var weights = new float[count];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = r.ReadUInt64();
            idf[i] = r.ReadSingle();
            weights[i] = r.ReadSingle();
        }

        return new LinearTextModel(metadata, new Vocabulary(hashes, idf, charCount), weights, bias, block);
    }

    private static WordVectorBlock ReadWordVectors(ZipArchive zip)
    {
        var vectorsEntry = zip.GetEntry(WordVectorsEntry) ?? throw new InvalidDataException($"The model file has format version {WordVectorFormatVersion} but no {WordVectorsEntry}.");
        var weightsEntry = zip.GetEntry(WordVectorWeightsEntry) ?? throw new InvalidDataException($"The model file has format version {WordVectorFormatVersion} but no {WordVectorWeightsEntry}.");
        WordVectors vectors;
        using (var s = vectorsEntry.Open())
        {
            vectors = WordVectors.Read(s);
        }

        using var r = new BinaryReader(weightsEntry.Open());
        var count = r.ReadInt32();
        if (count != vectors.Dimensions)
        {
            throw new InvalidDataException($"{WordVectorWeightsEntry} holds {count} weights for vectors of {vectors.Dimensions} dimensions.");
        }

        var weights = new float[count];
        for (var d = 0; d < count; d++)
        {
            weights[d] = r.ReadSingle();
        }

        return new WordVectorBlock(vectors, weights);
    }
}
