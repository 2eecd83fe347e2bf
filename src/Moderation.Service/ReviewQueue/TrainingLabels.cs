using System.Globalization;
using Dapper;
using Moderation.Classifiers.Training;
using Moderation.Service.Storage;

namespace Moderation.Service.ReviewQueue;

/// <summary>
/// Human decisions as training data, in the format the classifiers' <c>train</c> command reads:
/// UTF-8 TSV, header <c>id TAB text TAB label</c>, label 1 = positive for the task (spam, toxic,
/// or rejected for "moderation"). Tabs and line breaks inside a text become spaces.
/// </summary>
public sealed class TrainingLabels(Database database)
{
    /// <summary>
    /// The site's labels of a task as training rows, in decision order (oldest first), with the same ids as the
    /// export; a comment decided again appears again (training keeps its last label).
    /// </summary>
    public async Task<IReadOnlyList<LabelledText>> ReadAsync(string siteId, string task, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection, siteId, task, cancellationToken);
        return rows.Select(r => new LabelledText(Id(siteId, r.CommentId, r.Revision), Clean(r.Text), r.Label == 1)).ToList();
    }

    /// <summary>Labels of the task decided after <paramref name="since"/> (all of them when null).</summary>
    public async Task<int> CountSinceAsync(string siteId, string task, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            since is null
                ? "SELECT COUNT(*) FROM labels WHERE site_id = @siteId AND task = @task"
                : $"SELECT COUNT(*) FROM labels WHERE site_id = @siteId AND task = @task AND decided_at > {database.Time("@since")}",
            new { siteId, task, since = since is { } s ? SqlText.Iso(s) : null }, cancellationToken: cancellationToken));
    }

    private static Task<IEnumerable<(string CommentId, int Revision, string Text, int Label)>> QueryAsync(
        System.Data.Common.DbConnection connection, string siteId, string task, CancellationToken cancellationToken) =>
        connection.QueryAsync<(string CommentId, int Revision, string Text, int Label)>(new CommandDefinition(
            "SELECT comment_id, revision, text, label FROM labels WHERE site_id = @siteId AND task = @task ORDER BY decided_at, comment_id, revision",
            new { siteId, task }, cancellationToken: cancellationToken));

    private static string Id(string siteId, string commentId, int revision) => Clean($"{siteId}:{commentId}:{revision.ToString(CultureInfo.InvariantCulture)}");

    public async Task<int> WriteTsvAsync(string siteId, string task, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await QueryAsync(connection, siteId, task, cancellationToken);
        await writer.WriteAsync("id\ttext\tlabel\n");
        var count = 0;
        foreach (var row in rows)
        {
            var id = Id(siteId, row.CommentId, row.Revision);
            await writer.WriteAsync($"{id}\t{Clean(row.Text)}\t{(row.Label == 1 ? 1 : 0)}\n");
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static string Clean(string text) =>
        text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
