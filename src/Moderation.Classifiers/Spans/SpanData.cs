using System.Text;
using System.Text.Json;
using Moderation.Classifiers.Evaluation;

namespace Moderation.Classifiers.Spans;

/// <summary>
/// A post with the characters annotators marked as its toxic part. <see cref="Gold"/> counts code points, as
/// the SemEval 2021 Task 5 files do; <see cref="GoldUtf16"/> is the same set in the UTF-16 offsets the service uses.
/// </summary>
public sealed record SpanPost(string Id, string Text, IReadOnlySet<int> Gold)
{
    public IReadOnlySet<int> GoldUtf16 => SpanMetric.ToUtf16(Text, Gold);
}

/// <summary>
/// Reads span data: TSV with the header <c>id TAB text TAB spans</c>, where text is a JSON string (the post as
/// written, line breaks included, which the offsets count) and spans a JSON list of character offsets.
/// </summary>
public static class SpanData
{
    public static IReadOnlyList<SpanPost> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var posts = new List<SpanPost>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("id\t", StringComparison.Ordinal)))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 3)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} line {lineNumber}: expected id, text and spans separated by tabs.");
            }

            try
            {
                var text = JsonSerializer.Deserialize<string>(fields[1]) ?? throw new InvalidDataException("text is null");
                var spans = JsonSerializer.Deserialize<int[]>(fields[2]) ?? [];
                posts.Add(new SpanPost(fields[0], text, spans.ToHashSet()));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} line {lineNumber}: text must be a JSON string and spans a JSON list of offsets ({e.Message}).", e);
            }
        }

        return posts;
    }
}
