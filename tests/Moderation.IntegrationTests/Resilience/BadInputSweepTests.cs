using Moderation.Service.Auth;
using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Moderation.IntegrationTests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Moderation.IntegrationTests.Resilience;

/// <summary>
/// Feeds the HTTP check and the bus consumer every kind of bad input we could think of. Each gets a
/// specific answer (HTTP: a status and a ProblemDetails <c>code</c>; bus: a decision with a reason
/// code, or the error queue with the reason in MT-Fault-Message), and the service stays healthy and
/// keeps deciding good comments afterwards.
/// </summary>
public sealed class BadInputSweepTests(RealServices services, IsolatedServiceHost host) : IClassFixture<IsolatedServiceHost>
{
    private const int OneMb = 1024 * 1024;

    private static readonly string EveryScript =
        "Latin ÀÉÎÕÜ ß Æ, Greek Καλημέρα, Cyrillic Здравствуйте, Armenian Բարեւ, Hebrew שלום, Arabic مرحبا, " +
        "Devanagari नमस्ते, Bengali নমস্কার, Tamil வணக்கம், Thai สวัสดี, Georgian გამარჯობა, Hangul 안녕하세요, " +
        "Kana こんにちは, Han 你好世界, Ethiopic ሰላም, Tibetan བཀྲ་ཤིས, Mongolian ᠰᠠᠶᠢᠨ, Cherokee ᎣᏏᏲ, math 𝔸𝕓𝕔 ∀x∈ℝ, " +
        "emoji 😀🙈👍🏽 👩‍👩‍👧‍👦 🏳️‍🌈 🇪🇺, combining e\u0301 a\u0308, RTL mark \u200F and zero-width joiner \u200D.";

    /// <summary>The one place HTTP requests are built: as a website backend, with the sweep site's API key.</summary>
    private HttpClient Client()
    {
        var client = host.CreateClient();
        var (_, key) = host.Services.GetRequiredService<ApiKeyStore>().CreateAsync("sweep", "bad-input sweep", "tests", CancellationToken.None).GetAwaiter().GetResult();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
        // Ask before sending a body, as a careful client does: an oversize body is refused before it travels.
        client.DefaultRequestHeaders.ExpectContinue = true;
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    public static TheoryData<string, string, int, string> HttpCases() => new()
    {
        // name, JSON body ("{comment}" is a valid comment, "{text}" its text), expected status, expected code
        { "malformed JSON", "{\"commentId\": \"x\", \"text\": ", 400, "MalformedJson" },
        { "empty body", "", 400, "MalformedJson" },
        { "JSON null", "null", 400, "MissingField" },
        { "an array instead of an object", "[1, 2, 3]", 400, "MalformedJson" },
        { "number where a string belongs", Comment("\"ok\"").Replace("\"commentId\": \"http-case\"", "\"commentId\": 42", StringComparison.Ordinal), 400, "MalformedJson" },
        { "string where a number belongs", Comment("\"ok\"").Replace("\"revision\": 0", "\"revision\": \"one\"", StringComparison.Ordinal), 400, "MalformedJson" },
        { "unknown enum value", Comment("\"ok\"").Replace("\"kind\": \"New\"", "\"kind\": \"Sideways\"", StringComparison.Ordinal), 400, "MalformedJson" },
        { "missing required text", Comment("\"ok\"").Replace("\"text\": \"ok\",", "", StringComparison.Ordinal), 400, "MissingField" },
        { "null author", Comment("\"ok\"").Replace("\"author\": {\"id\": \"reader-1\"}", "\"author\": null", StringComparison.Ordinal), 422, "MissingField" },
        { "null comment id", Comment("\"ok\"").Replace("\"commentId\": \"http-case\"", "\"commentId\": null", StringComparison.Ordinal), 422, "MissingField" },
        { "lone surrogate in the comment id", Comment("\"ok\"").Replace("\"commentId\": \"http-case\"", "\"commentId\": \"a\\ud800b\"", StringComparison.Ordinal), 400, "InvalidUnicode" },
        { "lone high surrogate in the text", Comment("\"abc \\ud800 def\""), 400, "InvalidUnicode" },
        { "lone low surrogate in the text", Comment("\"abc \\udc00 def\""), 400, "InvalidUnicode" },
        { "control character in the comment id", Comment("\"ok\"").Replace("\"commentId\": \"http-case\"", "\"commentId\": \"a\\u0007b\"", StringComparison.Ordinal), 422, "InvalidField" },
        { "unknown site", Comment("\"ok\"").Replace("\"siteId\": \"sweep\"", "\"siteId\": \"nowhere\"", StringComparison.Ordinal), 422, "UnknownSite" },
        { "metadata nested 1000 deep", Comment("\"ok\"").Replace("\"metadata\": {}", "\"metadata\": " + Nested(1000), StringComparison.Ordinal), 400, "MalformedJson" },
        { "metadata with a number value", Comment("\"ok\"").Replace("\"metadata\": {}", "\"metadata\": {\"n\": 1}", StringComparison.Ordinal), 400, "MalformedJson" },
        { "1 MB of text", Comment(JsonSerializer.Serialize(new string('a', OneMb))), 413, "BodyTooLarge" },
        { "10 MB of text", Comment(JsonSerializer.Serialize(new string('a', 10 * OneMb))), 413, "BodyTooLarge" },
    };

    [Theory]
    [MemberData(nameof(HttpCases))]
    public async Task Http_check_answers_bad_input_with_a_specific_problem(string name, string body, int status, string code)
    {
        services.Require();
        using var client = Client();

        using var response = await PostAsync(client, new StringContent(Unique(body), Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, status, code, name);
        await AssertStillHealthyAsync(client);
    }

    [Fact]
    public async Task Http_check_refuses_a_10_MB_body_sent_without_a_length()
    {
        services.Require();
        using var client = Client();
        var bytes = Encoding.UTF8.GetBytes(Comment(JsonSerializer.Serialize(new string('a', 10 * OneMb))));
        using var content = new StreamContent(new NonSeekableStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await PostAsync(client, content);

        await AssertProblemAsync(response, 413, "BodyTooLarge", "chunked 10 MB");
        await AssertStillHealthyAsync(client);
    }

    [Fact]
    public async Task Http_check_refuses_invalid_utf8_and_a_wrong_content_type()
    {
        services.Require();
        using var client = Client();
        var json = Encoding.UTF8.GetBytes(Unique(Comment("\"abc XYZ\"")));
        var at = Array.IndexOf(json, (byte)'X');
        json[at] = 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        json[at + 1] = 0x28;
        using var invalid = new ByteArrayContent(json);
        invalid.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using (var response = await PostAsync(client, invalid))
        {
            await AssertProblemAsync(response, 400, "InvalidUtf8", "invalid UTF-8");
        }

        using (var response = await PostAsync(client, new StringContent(Comment("\"ok\""), Encoding.UTF8, "text/plain")))
        {
            await AssertProblemAsync(response, 400, "UnsupportedContentType", "text/plain");
        }

        await AssertStillHealthyAsync(client);
    }

    [Theory]
    [InlineData("NUL characters", "\"abc \\u0000 def\"", "InvalidText")]
    [InlineData("replacement character", "\"abc \\ufffd def\"", "InvalidText")]
    [InlineData("text longer than the site allows", "\"" + "aaaaaaaaaa" + "\"", null)]
    public async Task Http_check_rejects_text_that_cannot_be_published_with_a_reason(string name, string text, string? reason)
    {
        services.Require();
        using var client = Client();
        var json = Unique(name.StartsWith("text longer", StringComparison.Ordinal) ? Comment(JsonSerializer.Serialize(new string('a', 10_001))) : Comment(text));

        using var response = await PostAsync(client, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Rejected", body.RootElement.GetProperty("outcome").GetString());
        var codes = body.RootElement.GetProperty("decision").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        Assert.Contains(reason ?? "TextTooLong", codes);
    }

    [Fact]
    public async Task Http_check_decides_text_in_every_script_and_emoji_and_keeps_it_intact()
    {
        services.Require();
        using var client = Client();

        using var response = await PostAsync(client, new StringContent(Unique(Comment(JsonSerializer.Serialize(EveryScript))), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Approved", body.RootElement.GetProperty("outcome").GetString());
    }

    /// <summary>
    /// Every bad message on the bus ends somewhere specific: a Rejected decision with a reason code, or
    /// the error queue with a reason. Checked in one go, since each needs the consumer to get to it.
    /// </summary>
    [Fact]
    public async Task Bus_consumer_gives_every_bad_message_a_decision_or_an_error_with_a_reason_and_keeps_going()
    {
        services.Require();
        using var client = Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await new ConnectionFactory { Uri = new Uri(services.RabbitMqUri) }.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var decisions = await ListenForDecisionsAsync(channel, ct);
        var marker = Guid.NewGuid().ToString("N")[..12];
        string Id(string c) => $"{marker}-{c}";
        string Valid(string id, string text) => Comment(text).Replace("\"commentId\": \"http-case\"", $"\"commentId\": \"{id}\"", StringComparison.Ordinal);

        // case -> (body, expected): "error" means the error queue with a reason; otherwise the reason code of a Rejected decision.
        var invalidUtf8 = Encoding.UTF8.GetBytes(Valid(Id("utf8"), "\"abc XYZ\""));
        var x = Array.IndexOf(invalidUtf8, (byte)'X');
        invalidUtf8[x] = 0xFF;
        var cases = new Dictionary<string, (byte[] Body, string Expected)>
        {
            ["malformed"] = (Bytes("{\"commentId\": \"" + Id("malformed") + "\", \"text\": "), "error"),
            ["empty"] = ([], "error"),
            ["null"] = (Bytes("null"), "error"),
            ["array"] = (Bytes("[\"" + Id("array") + "\"]"), "error"),
            ["wrong-type"] = (Bytes(Valid(Id("wrong-type"), "\"ok\"").Replace("\"revision\": 0", "\"revision\": \"one\"", StringComparison.Ordinal)), "error"),
            ["missing-text"] = (Bytes(Valid(Id("missing-text"), "\"ok\"").Replace("\"text\": \"ok\",", "", StringComparison.Ordinal)), "error"),
            ["null-author"] = (Bytes(Valid(Id("null-author"), "\"ok\"").Replace("\"author\": {\"id\": \"reader-1\"}", "\"author\": null", StringComparison.Ordinal)), "error"),
            ["unknown-site"] = (Bytes(Valid(Id("unknown-site"), "\"ok\"").Replace("\"siteId\": \"sweep\"", "\"siteId\": \"nowhere\"", StringComparison.Ordinal)), "error"),
            ["nested"] = (Bytes(Valid(Id("nested"), "\"ok\"").Replace("\"metadata\": {}", "\"metadata\": " + Nested(1000), StringComparison.Ordinal)), "error"),
            ["utf8"] = (invalidUtf8, "error-or:InvalidText"),
            ["surrogate"] = (Bytes(Valid(Id("surrogate"), "\"abc \\ud800 def\"")), "error-or:InvalidText"),
            ["nul"] = (Bytes(Valid(Id("nul"), "\"abc \\u0000 def\"")), "InvalidText"),
            ["1mb"] = (Bytes(Valid(Id("1mb"), JsonSerializer.Serialize(new string('a', OneMb)))), "TextTooLong"),
            ["10mb"] = (Bytes(Valid(Id("10mb"), JsonSerializer.Serialize(new string('a', 10 * OneMb)))), "TextTooLong"),
        };
        var messageIds = new Dictionary<string, string>();
        foreach (var (name, (body, _)) in cases)
        {
            messageIds[name] = await PublishAsync(channel, body, ct);
        }

        var scripts = Id("scripts");
        await PublishAsync(channel, Bytes(Valid(scripts, JsonSerializer.Serialize(EveryScript))), ct);
        var good = Id("good");
        await PublishAsync(channel, Bytes(Valid(good, "\"A perfectly civil remark, published after all the bad ones.\"")), ct);

        // Wait until every case has landed somewhere.
        var parked = new Dictionary<string, string>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            await DrainErrorQueueAsync(connection, host.ErrorQueue, parked, ct);
            var pending = cases.Keys.Where(c => !parked.ContainsKey(messageIds[c]) && !decisions.ContainsKey(Id(c))).ToList();
            if (pending.Count == 0 && decisions.ContainsKey(good) && decisions.ContainsKey(scripts))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still waiting for: {string.Join(", ", pending)}; good decided: {decisions.ContainsKey(good)}");
            await Task.Delay(200, ct);
        }

        foreach (var (name, (_, expected)) in cases)
        {
            if (parked.TryGetValue(messageIds[name], out var reason))
            {
                Assert.True(expected.StartsWith("error", StringComparison.Ordinal), $"{name} was parked ({reason}) but should be decided {expected}");
                Assert.False(string.IsNullOrWhiteSpace(reason), $"{name} was parked without a reason");
            }
            else
            {
                var (outcome, codes) = decisions[Id(name)];
                var code = expected.StartsWith("error-or:", StringComparison.Ordinal) ? expected["error-or:".Length..] : expected;
                Assert.True(outcome == "CommentRejected" && codes.Contains(code), $"{name}: {outcome} ({string.Join(",", codes)}), expected Rejected with {expected}");
            }
        }

        Assert.Equal("CommentApproved", decisions[good].Outcome);
        Assert.Equal("CommentApproved", decisions[scripts].Outcome);
        await AssertStillHealthyAsync(client);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, HttpContent content) =>
        client.PostAsync(new Uri("/api/v1/comments/check", UriKind.Relative), content, TestContext.Current.CancellationToken);

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string code, string name)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{name}: expected {status}, got {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(text);
        Assert.True(problem.RootElement.GetProperty("code").GetString() == code, $"{name}: expected code {code}, got {text}");
    }

    private static async Task AssertStillHealthyAsync(HttpClient client)
    {
        var ct = TestContext.Current.CancellationToken;
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var id = $"after-{Guid.NewGuid():N}";
        using var response = await PostAsync(client, new StringContent(
            Comment("\"Still here and still civil.\"").Replace("\"commentId\": \"http-case\"", $"\"commentId\": \"{id}\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A valid comment as JSON, with <paramref name="textJson"/> (already JSON-encoded) as its text.</summary>
    private static string Comment(string textJson) =>
        "{\"commentId\": \"http-case\", \"siteId\": \"sweep\", \"threadId\": \"t-1\", \"kind\": \"New\", \"revision\": 0, \"text\": " + textJson +
        ", \"author\": {\"id\": \"reader-1\"}, \"metadata\": {}}";

    /// <summary>Each request its own comment id: a decision stored for an id is answered before anything else is read.</summary>
    private static string Unique(string json) => json.Replace("\"http-case\"", $"\"http-{Guid.NewGuid():N}\"", StringComparison.Ordinal);

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "\"b\"" + new string('}', depth);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<string> PublishAsync(IChannel channel, byte[] body, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString();
        var properties = new BasicProperties { ContentType = "application/json", Persistent = true, MessageId = id };
        await channel.BasicPublishAsync(host.CommentsQueue, routingKey: "", mandatory: false, properties, body, ct);
        return id;
    }

    private static async Task<ConcurrentDictionary<string, (string Outcome, HashSet<string> Codes)>> ListenForDecisionsAsync(IChannel channel, CancellationToken ct)
    {
        var queue = (await channel.QueueDeclareAsync($"sweep-decisions-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true, cancellationToken: ct)).QueueName;
        foreach (var outcome in new[] { "CommentApproved", "CommentRejected", "CommentHeldForReview" })
        {
            var exchange = $"Moderation.Contracts:{outcome}";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, cancellationToken: ct);
            await channel.QueueBindAsync(queue, exchange, routingKey: "", cancellationToken: ct);
        }

        var decisions = new ConcurrentDictionary<string, (string, HashSet<string>)>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var json = JsonDocument.Parse(delivery.Body);
            var codes = json.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString() ?? "").ToHashSet();
            decisions[json.RootElement.GetProperty("commentId").GetString() ?? ""] = (delivery.Exchange.Split(':')[^1], codes);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, ct);
        return decisions;
    }

    private static async Task DrainErrorQueueAsync(IConnection connection, string queue, Dictionary<string, string> parked, CancellationToken ct)
    {
        // A channel of its own: asking for a queue that does not exist yet closes the channel.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            while (await channel.BasicGetAsync(queue, autoAck: true, ct) is { } message)
            {
                var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
                var reason = headers.TryGetValue("MT-Fault-Message", out var value) && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "";
                parked[message.BasicProperties.MessageId ?? ""] = reason;
            }
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // No fault yet, so no error queue yet.
        }
    }

    /// <summary>A body without a length, so the server learns its size only while reading it.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
