using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.Service.Storage;
using Moderation.Service.Tests.Support;
using static Moderation.Service.Tests.Support.CommentBuilder;

namespace Moderation.Service.Tests.Api;

public sealed class CheckEndpointTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly HttpClient _client = factory.CreateSiteClient("test");

    [Fact]
    public async Task Rejects_comment_with_banned_term_and_names_the_term_as_evidence()
    {
        var body = await CheckAsync(Comment("Cheap C1AL1S delivered overnight, ask me"));

        Assert.Equal("Rejected", body.GetProperty("outcome").GetString());
        var reason = Reasons(body).Single(r => r.GetProperty("code").GetString() == ReasonCodes.BannedTerm);
        var evidence = reason.GetProperty("evidence")[0];
        Assert.Equal("C1AL1S", evidence.GetProperty("text").GetString());
        Assert.Equal("cialis", evidence.GetProperty("detail").GetString());
        Assert.Equal(6, evidence.GetProperty("start").GetInt32());
        Assert.Equal("test-7", body.GetProperty("decision").GetProperty("policyVersion").GetString());
    }

    [Fact]
    public async Task Does_not_match_a_banned_term_inside_another_word()
    {
        var body = await CheckAsync(Comment("My specialist said the treatment works."));

        Assert.Equal("Approved", body.GetProperty("outcome").GetString());
        Assert.DoesNotContain(Reasons(body), r => r.GetProperty("code").GetString() == ReasonCodes.BannedTerm);
    }

    [Fact]
    public async Task Holds_comment_with_too_many_links()
    {
        var body = await CheckAsync(Comment("See https://a.example.com and http://b.example.org and www.c.example.net for more"));

        Assert.Equal("HeldForReview", body.GetProperty("outcome").GetString());
        var reason = Reasons(body).Single(r => r.GetProperty("code").GetString() == ReasonCodes.TooManyLinks);
        Assert.Equal(3, reason.GetProperty("evidence").GetArrayLength());
    }

    [Fact]
    public async Task Holds_comment_with_suspect_term()
    {
        var body = await CheckAsync(Comment("Only an idiot would write that headline."));

        Assert.Equal("HeldForReview", body.GetProperty("outcome").GetString());
        Assert.Contains(Reasons(body), r => r.GetProperty("code").GetString() == ReasonCodes.SuspectTerm);
    }

    [Fact]
    public async Task Rejects_oversize_text_with_a_specific_reason()
    {
        var body = await CheckAsync(Comment(new string('a', 2001)));

        Assert.Equal("Rejected", body.GetProperty("outcome").GetString());
        var reason = Assert.Single(Reasons(body));
        Assert.Equal(ReasonCodes.TextTooLong, reason.GetProperty("code").GetString());
        Assert.Contains("2001", reason.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Stores_only_the_beginning_of_a_text_rejected_for_its_length_without_splitting_a_character()
    {
        // 30,000 characters; an emoji (two UTF-16 units) straddles the 10,000th.
        var text = new string('a', 9_999) + "\U0001F600" + new string('b', 19_999);
        var comment = Comment(text);

        var body = await CheckAsync(comment);

        Assert.Contains("30000", Reasons(body).Single().GetProperty("message").GetString());
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync(TestContext.Current.CancellationToken);
        var (storedText, storedJson) = await connection.QuerySingleAsync<(string, string)>(
            "SELECT comment_text, comment_json FROM decisions WHERE comment_id = @id", new { id = comment.CommentId });
        Assert.Equal(new string('a', 9_999), storedText);
        Assert.Equal(storedText, JsonDocument.Parse(storedJson).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Rejects_binary_text_as_invalid()
    {
        var body = await CheckAsync(Comment("abc\0\u0001\u0002def"));

        Assert.Equal("Rejected", body.GetProperty("outcome").GetString());
        Assert.Equal(ReasonCodes.InvalidText, Reasons(body).Single().GetProperty("code").GetString());
    }

    [Fact]
    public async Task Says_when_a_classifier_did_not_score()
    {
        var body = await CheckAsync(Comment("A perfectly ordinary remark about the weather."));

        Assert.Equal("Approved", body.GetProperty("outcome").GetString());
        var flags = Reasons(body).Where(r => r.GetProperty("code").GetString() == ReasonCodes.ClassifierUnavailable).ToList();
        Assert.All(flags, f => Assert.Equal("Flag", f.GetProperty("action").GetString()));
        // Either a model scored the task, or the decision says it did not: never a silent gap.
        var scored = body.GetProperty("decision").GetProperty("scores").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(2, flags.Count + scored.Count);
    }

    [Fact]
    public async Task Answers_the_same_decision_when_the_same_revision_is_checked_twice()
    {
        var comment = Comment("Buy followers now");

        var first = await CheckAsync(comment);
        var second = await CheckAsync(comment with { Text = "An innocent rewrite with the same id and revision" });

        Assert.Equal(first.GetProperty("decision").GetProperty("decisionId").GetGuid(), second.GetProperty("decision").GetProperty("decisionId").GetGuid());
        Assert.Equal("Rejected", second.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Decides_an_edit_as_a_new_revision()
    {
        var comment = Comment("Buy followers now");
        await CheckAsync(comment);

        var edit = await CheckAsync(comment with { Kind = CommentKind.Edit, Revision = 1, Text = "I changed my mind, nice article." });

        Assert.Equal("Approved", edit.GetProperty("outcome").GetString());
        Assert.Equal(1, edit.GetProperty("decision").GetProperty("revision").GetInt32());
    }

    [Theory]
    [InlineData("{\"commentId\": \"x\", ", "MalformedJson")]
    [InlineData("[1, 2, 3]", "MalformedJson")]
    [InlineData("{\"commentId\": 5, \"siteId\": \"test\", \"threadId\": \"t\", \"text\": \"hi\", \"author\": {\"id\": \"a\"}}", "MalformedJson")]
    [InlineData("{\"siteId\": \"test\", \"threadId\": \"t\", \"text\": \"hi\", \"author\": {\"id\": \"a\"}}", "MissingField")]
    [InlineData("null", "MissingField")]
    public async Task Answers_bad_json_with_a_specific_problem(string json, string code)
    {
        using var response = await _client.PostAsync("/api/v1/comments/check", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Answers_invalid_utf8_with_a_specific_problem()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"commentId\":\"c\",\"siteId\":\"test\",\"threadId\":\"t\",\"author\":{\"id\":\"a\"},\"text\":\"ab").Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        using var response = await _client.PostAsync("/api/v1/comments/check", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("code").GetString(), new[] { "InvalidUtf8", "MalformedJson" });
    }

    [Fact]
    public async Task Answers_missing_author_id_naming_the_field()
    {
        var json = "{\"commentId\":\"c\",\"siteId\":\"test\",\"threadId\":\"t\",\"text\":\"hi\",\"author\":{\"id\":\" \"}}";

        using var response = await _client.PostAsync("/api/v1/comments/check", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("MissingField", problem.GetProperty("code").GetString());
        Assert.Equal("author.id", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Answers_unknown_site_with_a_specific_problem()
    {
        using var response = await _client.PostAsJsonAsync("/api/v1/comments/check", Comment("hello", siteId: "nowhere"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("UnknownSite", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Refuses_a_body_that_is_not_json()
    {
        using var response = await _client.PostAsync("/api/v1/comments/check", new StringContent("text=hello", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("UnsupportedContentType", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Refuses_a_body_over_the_size_limit()
    {
        using var response = await _client.PostAsJsonAsync("/api/v1/comments/check", Comment(new string('x', 2 * 1024 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private async Task<JsonElement> CheckAsync(CommentSubmitted comment)
    {
        using var response = await _client.PostAsJsonAsync("/api/v1/comments/check", comment);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<JsonElement> Reasons(JsonElement body) =>
        body.GetProperty("decision").GetProperty("reasons").EnumerateArray().ToList();
}
