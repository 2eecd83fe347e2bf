using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Moderation.Classifiers.ModelFiles;

namespace Moderation.Classifiers.Spans;

/// <summary>What a span model file says about itself (metadata.json inside the zip).</summary>
public sealed record SpanModelMetadata
{
    /// <summary>Bumped when the layout of the file changes; older readers refuse newer files.</summary>
    public int FormatVersion { get; init; } = 1;

    public string Task { get; init; } = SpanModelFile.Task;

    /// <summary>"spans-" and the start of the SHA-256 of the weights and decoding: a rebuild from the same data keeps it.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>SHA-256 (hex) over the training posts as "id TAB text TAB spans LF" (the file's own fields), in file order.</summary>
    public required string TrainingDataSha256 { get; init; }

    public IReadOnlyList<string> TrainingFiles { get; init; } = [];

    public int TrainingPosts { get; init; }

    public int TrainingWords { get; init; }

    /// <summary>Words labelled toxic: at least half of their characters marked by the annotators.</summary>
    public int TrainingToxicWords { get; init; }

    public required SpanTrainingOptions Trainer { get; init; }

    public required SpanDecoding Decoding { get; init; }

    public int Features { get; init; }

    /// <summary>Words with a prior from the toxicity data (lexicon.bin); 0 = none.</summary>
    public int LexiconWords { get; init; }

    /// <summary>Out-of-fold span F1 (the task's metric) on the training posts with the chosen decoding.</summary>
    public double CrossValidatedF1 { get; init; }
}

/// <summary>
/// A span model file is a zip with metadata.json and weights.bin (little-endian: int count, float bias, then
/// count × (ulong hash, float weight), hashes ascending) and lexicon.bin (int count, then count × (ulong hash,
/// sbyte bin), hashes ascending). No time stamp anywhere: a rebuild from the same data gives the same bytes.
/// </summary>
public static class SpanModelFile
{
    public const string Task = "spans";
    private const string MetadataEntry = "metadata.json";
    private const string WeightsEntry = "weights.bin";
    private const string LexiconEntry = "lexicon.bin";
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes to a temporary file next to <paramref name="path"/> and renames it, so a reader never sees half a file.</summary>
    public static void Save(SpanModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelFile.SaveAtomically(path, stream => Write(model, stream));
    }

    public static void Write(SpanModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var meta = zip.CreateEntry(MetadataEntry, CompressionLevel.Optimal);
        meta.LastWriteTime = EntryTime;
        using (var s = meta.Open())
        {
            JsonSerializer.Serialize(s, model.Metadata, ModelFile.Json);
        }

        var weights = zip.CreateEntry(WeightsEntry, CompressionLevel.Optimal);
        weights.LastWriteTime = EntryTime;
        using (var w = weights.Open())
        {
            w.Write(WeightsBytes(model.Bias, model.Weights));
        }

        var lexicon = zip.CreateEntry(LexiconEntry, CompressionLevel.Optimal);
        lexicon.LastWriteTime = EntryTime;
        using var l = new BinaryWriter(lexicon.Open());
        l.Write(model.Lexicon.Count);
        foreach (var (hash, bin) in model.Lexicon.Bins.OrderBy(p => p.Key))
        {
            l.Write(hash);
            l.Write(bin);
        }
    }

    /// <summary>The weights in file layout; also what the version is derived from.</summary>
    internal static byte[] WeightsBytes(float bias, IReadOnlyDictionary<ulong, float> weights)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            w.Write(weights.Count);
            w.Write(bias);
            foreach (var (hash, weight) in weights.OrderBy(p => p.Key))
            {
                w.Write(hash);
                w.Write(weight);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>From the weights and the decoding: two files that mark differently never share a version.</summary>
    internal static string VersionOf(float bias, IReadOnlyDictionary<ulong, float> weights, SpanDecoding decoding) =>
        "spans-" + Convert.ToHexStringLower(SHA256.HashData([.. WeightsBytes(bias, weights), .. JsonSerializer.SerializeToUtf8Bytes(decoding, ModelFile.Json)]))[..10];

    /// <exception cref="InvalidDataException">The file is not a span model file this version can read.</exception>
    public static SpanModel Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        return Read(stream);
    }

    public static SpanModel Read(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var metaEntry = zip.GetEntry(MetadataEntry) ?? throw new InvalidDataException($"The span model file has no {MetadataEntry}.");
        SpanModelMetadata metadata;
        try
        {
            using var s = metaEntry.Open();
            metadata = JsonSerializer.Deserialize<SpanModelMetadata>(s, ModelFile.Json) ?? throw new InvalidDataException($"{MetadataEntry} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{MetadataEntry} is not a span model's metadata: {e.Message}", e);
        }

        if (metadata.FormatVersion != 1 || metadata.Task != Task)
        {
            throw new InvalidDataException($"Not a span model file of format 1 (task '{metadata.Task}', format {metadata.FormatVersion}).");
        }

        var weightsEntry = zip.GetEntry(WeightsEntry) ?? throw new InvalidDataException($"The span model file has no {WeightsEntry}.");
        using var r = new BinaryReader(weightsEntry.Open());
        var count = r.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"{WeightsEntry} declares {count} weights.");
        }

        var bias = r.ReadSingle();
        // A version whose weights need a lexicon it does not have would score every word wrongly: both are read whole.
        var weights = new Dictionary<ulong, float>(count);
        for (var i = 0; i < count; i++)
        {
            weights[r.ReadUInt64()] = r.ReadSingle();
        }

        var lexicon = new Dictionary<ulong, sbyte>();
        if (zip.GetEntry(LexiconEntry) is { } lexiconEntry)
        {
            using var l = new BinaryReader(lexiconEntry.Open());
            var words = l.ReadInt32();
            for (var i = 0; i < words; i++)
            {
                lexicon[l.ReadUInt64()] = l.ReadSByte();
            }
        }

        return new SpanModel(metadata, weights, bias, new SpanLexicon(lexicon));
    }
}
