using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Moderation.Contracts;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests.History;

/// <summary>
/// Two service instances sharing one store, as replicas behind a load balancer or competing
/// consumers on one queue: flood limits and campaign detection must see every replica's comments.
/// Runs on an SQLite file shared by both hosts, and on the real PostgreSQL that CI starts
/// (MODERATION_TEST_POSTGRES; a fresh database per test class, dropped afterwards).
/// </summary>
public sealed class SharedHistoryTests
{
    private const string Spam = "Great article, I made five thousand dollars last week working from home, ask me how";

    [Fact]
    public async Task Counts_a_flood_across_two_instances_sharing_an_sqlite_file()
    {
        using var store = new SharedSqlite();
        await using var pair = await ReplicaPair.StartAsync(store.Settings);

        await AssertFloodAcrossAsync(pair);
    }

    [Fact]
    public async Task Detects_a_campaign_across_two_instances_sharing_an_sqlite_file()
    {
        using var store = new SharedSqlite();
        await using var pair = await ReplicaPair.StartAsync(store.Settings);

        await AssertCampaignAcrossAsync(pair);
    }

    [Fact]
    public async Task Counts_a_flood_and_detects_a_campaign_across_two_instances_sharing_postgresql()
    {
        await using var store = await SharedPostgres.CreateAsync();
        await using var pair = await ReplicaPair.StartAsync(store.Settings);

        await AssertFloodAcrossAsync(pair);
        await AssertCampaignAcrossAsync(pair);
    }

    private static async Task AssertFloodAcrossAsync(ReplicaPair pair)
    {
        // The site allows 3 comments per author per minute; the replicas take turns.
        var outcomes = new List<JsonElement>();
        for (var i = 0; i < 4; i++)
        {
            var comment = Comment($"remark number {i} about a different topic each time, {i * 13}", author: "busy-reader", ip: $"192.0.2.{i + 1}");
            outcomes.Add(await pair[i % 2].CheckAsync(comment));
        }

        Assert.All(outcomes.Take(3), o => Assert.False(Codes(o).Contains(ReasonCodes.Flood), o.ToString()));
        Assert.Contains(ReasonCodes.Flood, Codes(outcomes[3]));
        Assert.Equal("HeldForReview", outcomes[3].GetProperty("outcome").GetString());

        // Five comments per IP address per minute, from as many authors, again spread over both replicas.
        var fromOneIp = new List<JsonElement>();
        for (var i = 0; i < 6; i++)
        {
            fromOneIp.Add(await pair[i % 2].CheckAsync(Comment($"sock puppet {i} has an opinion on item {i * 7}", author: $"sock-{i}", ip: "198.51.100.77")));
        }

        Assert.DoesNotContain(ReasonCodes.Flood, Codes(fromOneIp[4]));
        Assert.Contains(ReasonCodes.Flood, Codes(fromOneIp[5]));
    }

    private static async Task AssertCampaignAcrossAsync(ReplicaPair pair)
    {
        var first = await pair[0].CheckAsync(Comment(Spam, author: "bot-a"));
        var second = await pair[1].CheckAsync(Comment(Spam.ToUpperInvariant(), author: "bot-b"));
        var third = await pair[0].CheckAsync(Comment(Spam.Replace("dollars", "doll4rs", StringComparison.Ordinal) + "!!", author: "bot-c"));

        Assert.DoesNotContain(ReasonCodes.Campaign, Codes(first));
        Assert.DoesNotContain(ReasonCodes.Campaign, Codes(second));
        Assert.Contains(ReasonCodes.Campaign, Codes(third));
        Assert.Equal("HeldForReview", third.GetProperty("outcome").GetString());
    }

    private static CommentSubmitted Comment(string text, string author, string? ip = null) =>
        CommentBuilder.Comment(text) with { Author = new CommentAuthor { Id = author, Ip = ip } };

    private static List<string?> Codes(JsonElement body) =>
        body.GetProperty("decision").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();

    /// <summary>Two hosts of the real service with the same store and the same history settings.</summary>
    private sealed class ReplicaPair : IAsyncDisposable
    {
        private readonly Replica[] _replicas;

        private ReplicaPair(Replica[] replicas) => _replicas = replicas;

        public Replica this[int index] => _replicas[index];

        public static async Task<ReplicaPair> StartAsync(IDictionary<string, string?> store)
        {
            var settings = new Dictionary<string, string?>(store)
            {
                ["Moderation:History:IpHashKey"] = "a-shared-secret-for-these-tests",
                ["Moderation:Sites:test:Flood:Mode"] = "Enforce",
                ["Moderation:Sites:test:Flood:PerAuthor:Max"] = "3",
                ["Moderation:Sites:test:Flood:PerAuthor:Window"] = "00:01:00",
                ["Moderation:Sites:test:Flood:PerIp:Max"] = "5",
                ["Moderation:Sites:test:Flood:PerIp:Window"] = "00:01:00",
                ["Moderation:Sites:test:Duplicates:Mode"] = "Enforce",
                ["Moderation:Sites:test:Duplicates:CampaignMinAuthors"] = "3",
            };
            var first = new Replica(settings);
            // The first host migrates the store before the second starts, as a rolling deployment would.
            await first.CheckAsync(Comment("warm up the first replica with enough words here", author: "warm-up-1"));
            var second = new Replica(settings);
            await second.CheckAsync(Comment("warm up the second replica with other words", author: "warm-up-2"));
            return new ReplicaPair([first, second]);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var replica in _replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private sealed class Replica(IDictionary<string, string?> settings) : ServiceFactory
    {
        private HttpClient? _client;

        protected override IDictionary<string, string?> Settings => settings;

        public async Task<JsonElement> CheckAsync(CommentSubmitted comment)
        {
            _client ??= CreateSiteClient();
            using var response = await _client.PostAsJsonAsync("/api/v1/comments/check", comment, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        }
    }

    private sealed class SharedSqlite : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("moderation-shared-").FullName;

        public IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Moderation:Store:SqlitePath"] = Path.Combine(_directory, "shared.db"),
        };

        public void Dispose()
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }

    private sealed class SharedPostgres : IAsyncDisposable
    {
        private readonly ThrowawayPostgres _database;

        private SharedPostgres(ThrowawayPostgres database)
        {
            _database = database;
            Settings = new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = database.ConnectionString };
        }

        public IDictionary<string, string?> Settings { get; }

        public static async Task<SharedPostgres> CreateAsync() => new(await ThrowawayPostgres.CreateAsync("moderation_history"));

        public ValueTask DisposeAsync() => _database.DisposeAsync();
    }
}
