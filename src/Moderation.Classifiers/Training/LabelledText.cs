using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Moderation.Classifiers.Training;

/// <summary>
/// One labelled comment: label true = spam / toxic. <paramref name="Weight"/> scales its share of the training loss;
/// <paramref name="Source"/> names the file it came from (cross-validation scores each source apart).
/// </summary>
public sealed record LabelledText(string Id, string Text, bool Label, float Weight = 1, string? Source = null);

/// <summary>
/// Reads labelled data: TSV with a header "id TAB text TAB label" (the format of ../shared/data and of the
/// project corpus), or JSON lines {"id":…,"text":…,"label":0|1|true|false} such as exported moderator decisions.
/// </summary>
public static class LabelledData
{
    public static IReadOnlyList<LabelledText> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? ReadJsonLines(path) : ReadTsv(path);
    }

    /// <summary>Reads several files, each row tagged with its file name as <see cref="LabelledText.Source"/>.</summary>
    public static IReadOnlyList<LabelledText> Read(IEnumerable<string> paths) => paths.SelectMany(ReadTagged).ToList();

    private static IEnumerable<LabelledText> ReadTagged(string path) => Read(path).Select(r => r with { Source = Path.GetFileName(path) });

    /// <summary>
    /// Reads several files and weights their rows so that every file carries the same total weight
    /// (the mean weight stays 1): a small data set then counts as much as a large one.
    /// </summary>
    public static IReadOnlyList<LabelledText> ReadBalanced(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = paths.Select(p => ReadTagged(p).ToList()).ToList();
        var total = files.Sum(f => f.Count);
        return files.SelectMany(f => f.Select(r => r with { Weight = (float)(total / (double)files.Count / f.Count) })).ToList();
    }

    public static IReadOnlyList<LabelledText> ReadTsv(string path)
    {
        var rows = new List<LabelledText>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("id\t", StringComparison.Ordinal)))
            {
                continue;
            }

            var first = line.IndexOf('\t', StringComparison.Ordinal);
            var last = line.LastIndexOf('\t');
            if (first < 0 || last == first)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} line {lineNumber}: expected id, text and label separated by tabs.");
            }

            rows.Add(new LabelledText(line[..first], line[(first + 1)..last], ParseLabel(line[(last + 1)..], path, lineNumber)));
        }

        return rows;
    }

    private static List<LabelledText> ReadJsonLines(string path)
    {
        var rows = new List<LabelledText>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var label = root.GetProperty("label");
            rows.Add(new LabelledText(
                root.GetProperty("id").ToString(),
                root.GetProperty("text").GetString() ?? string.Empty,
                label.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => ParseLabel(label.ToString(), path, lineNumber),
                }));
        }

        return rows;
    }

    private static bool ParseLabel(string value, string path, int lineNumber) => value.Trim() switch
    {
        "1" or "true" => true,
        "0" or "false" => false,
        _ => throw new InvalidDataException($"{Path.GetFileName(path)} line {lineNumber}: label must be 0 or 1, not '{value}'."),
    };

    /// <summary>SHA-256 (hex, lower case) over the rows as "id TAB text TAB label LF", in order.</summary>
    public static string Fingerprint(IEnumerable<LabelledText> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{row.Id}\t{row.Text}\t{(row.Label ? 1 : 0)}\n"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
