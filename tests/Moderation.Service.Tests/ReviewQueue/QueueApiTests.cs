using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Moderation.Contracts;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests.ReviewQueue;

/// <summary>The queue, one comment, search, author history: what moderators read.</summary>
public sealed class QueueApiTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly HeldComments _held = new(factory);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Lists_held_comments_newest_first_by_default()
    {
        var thread = Unique("thread");
        var first = await _held.HoldAsync(thread: thread);
        var second = await _held.HoldAsync(thread: thread);
        var client = await factory.SignInAsync("mia");

        var ids = await QueueIdsAsync(client, $"thread={thread}");

        Assert.Equal([second.CommentId, first.CommentId], ids);
    }

    [Fact]
    public async Task Sorts_oldest_first()
    {
        var thread = Unique("thread");
        var first = await _held.HoldAsync(thread: thread);
        var second = await _held.HoldAsync(thread: thread);
        var client = await factory.SignInAsync("mia");

        Assert.Equal([first.CommentId, second.CommentId], await QueueIdsAsync(client, $"thread={thread}&sort=oldest"));
    }

    [Fact]
    public async Task Sorts_riskiest_first_by_the_highest_score_with_unscored_last()
    {
        var thread = Unique("thread");
        var unscored = await _held.HoldAsync(thread: thread);
        var medium = await _held.HoldAsync(thread: thread, spam: 0.6, toxicity: 0.1);
        var high = await _held.HoldAsync(thread: thread, spam: 0.2, toxicity: 0.9);
        var client = await factory.SignInAsync("mia");

        Assert.Equal([high.CommentId, medium.CommentId, unscored.CommentId], await QueueIdsAsync(client, $"thread={thread}&sort=riskiest"));
    }

    [Fact]
    public async Task Filters_by_reason_code()
    {
        var thread = Unique("thread");
        var spam = await _held.HoldAsync(thread: thread, codes: [ReasonCodes.Spam, ReasonCodes.TooManyLinks]);
        await _held.HoldAsync(thread: thread, codes: [ReasonCodes.Toxic]);
        var client = await factory.SignInAsync("mia");

        Assert.Equal([spam.CommentId], await QueueIdsAsync(client, $"thread={thread}&reason=TooManyLinks"));
        // A code is matched whole: "Spam" is not found inside another code.
        Assert.Empty(await QueueIdsAsync(client, $"thread={thread}&reason=Spa"));
    }

    [Fact]
    public async Task Filters_by_score_range()
    {
        var thread = Unique("thread");
        await _held.HoldAsync(thread: thread, spam: 0.2);
        var middle = await _held.HoldAsync(thread: thread, spam: 0.55);
        await _held.HoldAsync(thread: thread, toxicity: 0.97);
        var client = await factory.SignInAsync("mia");

        Assert.Equal([middle.CommentId], await QueueIdsAsync(client, $"thread={thread}&minScore=0.5&maxScore=0.9"));
        Assert.Equal(2, (await QueueIdsAsync(client, $"thread={thread}&minScore=0.5")).Count);
    }

    [Fact]
    public async Task Filters_by_thread_and_by_author()
    {
        var thread = Unique("thread");
        var author = Unique("author");
        var mine = await _held.HoldAsync(thread: thread, author: author);
        await _held.HoldAsync(thread: thread);
        await _held.HoldAsync(author: author);
        var client = await factory.SignInAsync("mia");

        Assert.Equal(2, (await QueueIdsAsync(client, $"thread={thread}")).Count);
        Assert.Equal(2, (await QueueIdsAsync(client, $"author={author}")).Count);
        Assert.Equal([mine.CommentId], await QueueIdsAsync(client, $"thread={thread}&author={author}"));
    }

    [Fact]
    public async Task Filters_by_date_from_inclusive_to_exclusive()
    {
        var thread = Unique("thread");
        var day = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        await _held.HoldAsync(thread: thread, heldAt: day.AddHours(-1));
        var inside = await _held.HoldAsync(thread: thread, heldAt: day);
        await _held.HoldAsync(thread: thread, heldAt: day.AddDays(1));
        var client = await factory.SignInAsync("mia");

        Assert.Equal([inside.CommentId], await QueueIdsAsync(client, $"thread={thread}&from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z"));
    }

    [Fact]
    public async Task Pages_with_limit_and_offset_and_reports_the_total()
    {
        var thread = Unique("thread");
        for (var i = 0; i < 5; i++)
        {
            await _held.HoldAsync(thread: thread);
        }

        var client = await factory.SignInAsync("mia");
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/queue?thread={thread}&limit=2&offset=4", TestContext.Current.CancellationToken);

        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("minScore=1.5", "InvalidScoreRange")]
    [InlineData("minScore=0.8&maxScore=0.2", "InvalidScoreRange")]
    [InlineData("sort=loudest", "InvalidSort")]
    [InlineData("from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z", "InvalidDateRange")]
    public async Task Refuses_a_bad_filter_with_a_specific_problem(string query, string code)
    {
        var client = await factory.SignInAsync("mia");

        using var response = await client.GetAsync($"/api/v1/review/test/queue?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Shows_one_comment_with_its_text_reasons_evidence_and_scores()
    {
        var comment = await _held.HoldAsync("You are an idiot <b>really</b>", spam: 0.3, toxicity: 0.8, authorName: "Jo <i>Doe</i>");
        var client = await factory.SignInAsync("mia");

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/comments/{comment.CommentId}/0", TestContext.Current.CancellationToken);

        Assert.Equal("You are an idiot <b>really</b>", detail.GetProperty("text").GetString());
        Assert.Equal("Held", detail.GetProperty("state").GetString());
        Assert.Equal(1, detail.GetProperty("version").GetInt32());
        Assert.Equal("Jo <i>Doe</i>", detail.GetProperty("author").GetProperty("displayName").GetString());
        var evidence = detail.GetProperty("reasons")[0].GetProperty("evidence")[0];
        Assert.Equal(11, evidence.GetProperty("start").GetInt32());
        Assert.Equal(5, evidence.GetProperty("length").GetInt32());
        Assert.Equal([0.3, 0.8], detail.GetProperty("scores").EnumerateArray().Select(s => s.GetProperty("value").GetDouble()));
        // Personal data the moderator does not need to decide stays out of the answer.
        Assert.False(detail.GetProperty("author").TryGetProperty("email", out _));
        Assert.False(detail.GetProperty("author").TryGetProperty("ip", out _));
    }

    [Fact]
    public async Task Finds_the_latest_revision_when_only_the_comment_is_named()
    {
        var comment = await _held.HoldAsync();
        var client = await factory.SignInAsync("mia");

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/comments/{comment.CommentId}", TestContext.Current.CancellationToken);

        Assert.Equal(comment.CommentId, detail.GetProperty("commentId").GetString());
        using var missing = await client.GetAsync("/api/v1/review/test/comments/no-such-comment", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Searches_all_moderated_comments_by_text_case_insensitively_and_by_state()
    {
        var word = Unique("Zebra");
        var held = await _held.HoldAsync($"the {word} crossing is an idiot idea");
        var site = factory.CreateSiteClient();
        var approvedComment = CommentBuilder.Comment($"lovely {word.ToUpperInvariant()} photos");
        (await site.PostAsJsonAsync("/api/v1/comments/check", approvedComment, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var client = await factory.SignInAsync("mia");

        var all = await client.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/search?q={word.ToLowerInvariant()}", TestContext.Current.CancellationToken);
        var onlyHeld = await client.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/search?q={word}&state=Held", TestContext.Current.CancellationToken);
        var wildcard = await client.GetFromJsonAsync<JsonElement>("/api/v1/review/test/search?q=%25%25%25nothing_like_this", TestContext.Current.CancellationToken);

        Assert.Equal(2, all.GetProperty("total").GetInt32());
        Assert.Equal(held.CommentId, Assert.Single(onlyHeld.GetProperty("items").EnumerateArray()).GetProperty("commentId").GetString());
        Assert.Equal(0, wildcard.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Shows_an_authors_history_with_counts_by_outcome_and_recent_comments()
    {
        var author = Unique("author");
        var first = await _held.HoldAsync(author: author, authorName: "Pat");
        await _held.HoldAsync(author: author, authorName: "Pat");
        var client = await factory.SignInAsync("mia");
        (await client.PostAsJsonAsync($"/api/v1/review/test/comments/{first.CommentId}/0/reject", new { reasonCode = "Toxic" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/authors/{author}", TestContext.Current.CancellationToken);

        Assert.Equal(2, history.GetProperty("total").GetInt32());
        Assert.Equal(1, history.GetProperty("rejected").GetInt32());
        Assert.Equal(1, history.GetProperty("held").GetInt32());
        Assert.Equal(0, history.GetProperty("approved").GetInt32());
        Assert.Equal("Pat", history.GetProperty("displayName").GetString());
        Assert.Equal(2, history.GetProperty("recent").GetArrayLength());
    }

    [Fact]
    public async Task A_comment_held_by_the_pipeline_enters_the_queue()
    {
        var site = factory.CreateSiteClient();
        var comment = CommentBuilder.Comment("What an idiot take.") with { ThreadId = Unique("thread") };
        (await site.PostAsJsonAsync("/api/v1/comments/check", comment, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var client = await factory.SignInAsync("mia");

        Assert.Equal([comment.CommentId], await QueueIdsAsync(client, $"thread={comment.ThreadId}&reason=SuspectTerm"));
    }

    [Fact]
    public async Task Streams_the_queue_size_as_server_sent_events()
    {
        await _held.HoldAsync();
        var client = await factory.SignInAsync("mia");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(20));

        using var response = await client.GetAsync("/api/v1/review/test/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var eventLine = await reader.ReadLineAsync(cancel.Token);
        var dataLine = await reader.ReadLineAsync(cancel.Token);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("event: queue", eventLine);
        var data = JsonDocument.Parse(dataLine!["data: ".Length..]).RootElement;
        Assert.True(data.GetProperty("held").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.String, data.GetProperty("newest").ValueKind);
    }

    private static async Task<List<string>> QueueIdsAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/review/test/queue?{query}", TestContext.Current.CancellationToken);
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("commentId").GetString()!).ToList();
    }
}
