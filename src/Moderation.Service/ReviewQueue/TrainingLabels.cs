using System.Globalization;
using Dapper;
using Moderation.Service.Storage;

namespace Moderation.Service.ReviewQueue;

/// <summary>
/// Human decisions as training data, in the format the classifiers' <c>train</c> command reads:
/// UTF-8 TSV, header <c>id TAB text TAB label</c>, label 1 = positive for the task (spam, toxic,
/// or rejected for "moderation"). Tabs and line breaks inside a text become spaces.
/// </summary>
public sealed class TrainingLabels(Database database)
{
    public async Task<int> WriteTsvAsync(string siteId, string task, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string CommentId, int Revision, string Text, int Label)>(new CommandDefinition(
            "SELECT comment_id, revision, text, label FROM labels WHERE site_id = @siteId AND task = @task ORDER BY decided_at, comment_id, revision",
            new { siteId, task }, cancellationToken: cancellationToken));
        await writer.WriteAsync("id\ttext\tlabel\n");
        var count = 0;
        foreach (var row in rows)
        {
            var id = Clean($"{siteId}:{row.CommentId}:{row.Revision.ToString(CultureInfo.InvariantCulture)}");
            await writer.WriteAsync($"{id}\t{Clean(row.Text)}\t{(row.Label == 1 ? 1 : 0)}\n");
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static string Clean(string text) =>
        text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
