using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts;
using Moderation.Service.Decisions;
using Moderation.Service.ReviewQueue;
using Moderation.Service.Tests.Support;

namespace Moderation.Service.Tests.History;

/// <summary>A moderator's approval is what lets a new commenter through next time.</summary>
public sealed class ModeratorDecisionHistoryTests
{
    [Fact]
    public async Task Approves_a_new_commenter_once_a_moderator_approved_their_first_comment()
    {
        await using var app = new NewCommenterSite();
        var first = Comment("Hello, first time commenting here", "c-first");

        Assert.Equal("HeldForReview", await OutcomeAsync(app, first));
        Assert.Equal("HeldForReview", await OutcomeAsync(app, Comment("Still waiting for my first one", "c-second")));

        var decided = await app.Services.GetRequiredService<ModeratorDecisionService>().DecideAsync(
            DecisionKey.Of(first), approve: true, ModeratorReasons.DefaultApprove, note: null, expectedVersion: null, "mia",
            app.Services.GetRequiredService<IBus>(), TestContext.Current.CancellationToken);
        Assert.IsType<DecideOutcome.Decided>(decided);

        Assert.Equal("Approved", await OutcomeAsync(app, Comment("Thanks for letting me in", "c-third")));
    }

    private static CommentSubmitted Comment(string text, string id) =>
        CommentBuilder.Comment(text, id) with { Author = new CommentAuthor { Id = "newbie", DisplayName = "New Reader" } };

    private static async Task<string?> OutcomeAsync(NewCommenterSite app, CommentSubmitted comment)
    {
        using var client = app.CreateSiteClient();
        using var response = await client.PostAsJsonAsync("/api/v1/comments/check", comment, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return body.GetProperty("outcome").GetString();
    }

    private sealed class NewCommenterSite : ServiceFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Moderation:Sites:test:Authors:Mode"] = "Enforce",
            ["Moderation:Sites:test:Authors:HoldUntilApproved"] = "1",
        };
    }
}
