using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Moderation.Classifiers.Features;

namespace Moderation.Classifiers.ModelFiles;

/// <summary>
/// A model file is a zip with metadata.json (readable by anyone) and features.bin (little-endian:
/// int count, int charCount, float bias, then count × (ulong hash, float idf, float weight)).
/// Entries carry a fixed timestamp so that a reproducible rebuild differs only in metadata.createdAt.
/// </summary>
public static class ModelFile
{
    private const string MetadataEntry = "metadata.json";
    private const string FeaturesEntry = "features.bin";
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
        using var w = new BinaryWriter(features.Open());
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

        if (metadata.FormatVersion != 1)
        {
            throw new InvalidDataException($"The model file has format version {metadata.FormatVersion}; this build reads version 1.");
        }

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

        return new LinearTextModel(metadata, new Vocabulary(hashes, idf, charCount), weights, bias);
    }
}
