using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Core.Sites;
using Moderation.Core.Tests.Support;

namespace Moderation.Core.Tests.Rules.History;

public sealed class CommentHistoryRuleTests
{
    private const string Spam = "Great article, I made five thousand dollars last week working from home, ask me how";

    private static SiteSettings Site(Action<SiteSettings>? configure = null) => A.Site(s =>
    {
        s.Flood.Mode = RuleMode.Enforce;
        s.Flood.PerAuthor = new RateLimit { Max = 3, Window = TimeSpan.FromMinutes(1) };
        s.Flood.PerIp = new RateLimit { Max = 5, Window = TimeSpan.FromMinutes(1) };
        s.Duplicates.Mode = RuleMode.Enforce;
        configure?.Invoke(s);
    });

    [Fact]
    public void Holds_an_author_posting_faster_than_the_site_allows()
    {
        var run = new Run(Site());

        var results = Enumerable.Range(0, 4).Select(i => run.Check(A.Comment($"comment number {i} about something else entirely {i * 7}"))).ToList();

        Assert.All(results.Take(3), r => Assert.False(r.Has(ReasonCodes.Flood)));
        Assert.Equal("author.id", Assert.Single(results[3].Reason(ReasonCodes.Flood)!.Evidence).Field);
        Assert.Equal(Outcome.HeldForReview, results[3].Outcome);
    }

    [Fact]
    public void Lets_the_author_post_again_once_the_window_has_passed()
    {
        var run = new Run(Site());
        for (var i = 0; i < 3; i++)
        {
            run.Check(A.Comment($"comment {i} on a quiet day, number {i}"));
        }

        run.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.False(run.Check(A.Comment("one more after a pause")).Has(ReasonCodes.Flood));
    }

    [Fact]
    public void Holds_many_authors_posting_from_one_ip_address()
    {
        var run = new Run(Site());

        var results = Enumerable.Range(0, 6).Select(i => run.Check(A.Comment($"unrelated thought {i}", author: $"sock-{i}", ip: "198.51.100.23"))).ToList();

        Assert.False(results[4].Has(ReasonCodes.Flood));
        Assert.Equal("author.ip", Assert.Single(results[5].Reason(ReasonCodes.Flood)!.Evidence).Field);
    }

    [Fact]
    public void Counts_an_ipv6_subscriber_by_network_so_rotating_addresses_does_not_help()
    {
        var run = new Run(Site());

        var results = Enumerable.Range(0, 6).Select(i => run.Check(A.Comment($"thought {i}", author: $"sock-{i}", ip: $"2001:db8:1:2::{i + 1:x}"))).ToList();

        Assert.True(results[5].Has(ReasonCodes.Flood));
    }

    [Fact]
    public void Does_not_count_a_redelivered_comment_twice()
    {
        var run = new Run(Site());
        var comment = A.Comment("the same message, delivered again by the broker");

        var results = Enumerable.Range(0, 5).Select(_ => run.Check(comment)).ToList();

        Assert.All(results, r => Assert.False(r.Has(ReasonCodes.Flood)));
    }

    [Fact]
    public void Holds_the_same_author_repeating_a_comment_with_small_changes()
    {
        var run = new Run(Site());
        run.Check(A.Comment(Spam));

        var again = run.Check(A.Comment(Spam.Replace("Great", "GREAT!!", StringComparison.Ordinal).Replace("dollars", "doll4rs", StringComparison.Ordinal)));

        Assert.True(again.Has(ReasonCodes.Duplicate));
        Assert.Equal(Outcome.HeldForReview, again.Outcome);
    }

    [Fact]
    public void Does_not_take_a_different_comment_of_the_same_author_for_a_duplicate()
    {
        var run = new Run(Site());
        run.Check(A.Comment(Spam));

        Assert.False(run.Check(A.Comment("I disagree with the second paragraph, the figures on housing are from last year")).Has(ReasonCodes.Duplicate));
    }

    [Fact]
    public void Does_not_take_short_replies_for_duplicates()
    {
        var run = new Run(Site());
        run.Check(A.Comment("Thanks, great post!"));

        Assert.False(run.Check(A.Comment("Thanks, great post!")).Has(ReasonCodes.Duplicate));
    }

    [Fact]
    public void Does_not_take_an_edit_for_a_duplicate_of_its_own_earlier_revision()
    {
        var run = new Run(Site());
        var first = A.Comment(Spam.Replace("ask me how", "it was great", StringComparison.Ordinal));
        run.Check(first);

        var edit = run.Check(A.EditOf(first, first.Text + " and fun"));

        Assert.False(edit.Has(ReasonCodes.Duplicate));
        Assert.False(edit.Has(ReasonCodes.Flood));
    }

    [Fact]
    public void Does_not_hold_an_edit_as_a_flood_when_the_author_is_at_the_limit()
    {
        var run = new Run(Site());
        var comments = Enumerable.Range(0, 3).Select(i => A.Comment($"comment number {i} on its own topic, {i * 11}")).ToList();
        comments.ForEach(c => run.Check(c));

        var edit = run.Check(A.EditOf(comments[0], "comment number 0, now with a correction"));

        Assert.False(edit.Has(ReasonCodes.Flood));
        Assert.True(run.Check(A.Comment("and a fourth new one")).Has(ReasonCodes.Flood));
    }

    [Fact]
    public void Holds_a_campaign_of_near_identical_comments_from_several_authors()
    {
        var run = new Run(Site());
        var variants = new[]
        {
            Spam,
            Spam.Replace("dollars", "doll4rs", StringComparison.Ordinal),
            Spam.ToUpperInvariant(),
            Spam + " today",
        };

        var results = variants.Select((text, i) => run.Check(A.Comment(text, author: $"bot-{i}"))).ToList();

        Assert.False(results[1].Has(ReasonCodes.Campaign));
        Assert.True(results[2].Has(ReasonCodes.Campaign));
        Assert.True(results[3].Has(ReasonCodes.Campaign));
        Assert.Equal(2, results[2].Reason(ReasonCodes.Campaign)!.Evidence.Count);
    }

    [Fact]
    public void Forgets_a_campaign_after_its_window()
    {
        var run = new Run(Site());
        run.Check(A.Comment(Spam, author: "bot-1"));
        run.Check(A.Comment(Spam, author: "bot-2"));

        run.Time.Advance(TimeSpan.FromHours(2));

        Assert.False(run.Check(A.Comment(Spam, author: "bot-3")).Has(ReasonCodes.Campaign));
    }

    [Fact]
    public void Holds_first_comments_of_a_new_author_until_one_is_approved()
    {
        var run = new Run(Site(s =>
        {
            s.Authors.Mode = RuleMode.Enforce;
            s.Authors.HoldUntilApproved = 1;
        }));

        var first = run.Check(A.Comment("hello, first time here", author: "newbie"));
        Assert.Equal(Outcome.HeldForReview, first.Outcome);
        Assert.True(first.Has(ReasonCodes.NewCommenter));
        Assert.Equal(Outcome.HeldForReview, run.Check(A.Comment("and a second one", author: "newbie")).Outcome);
    }

    [Fact]
    public async Task Approves_an_author_once_a_moderator_approved_their_first_comment()
    {
        var run = new Run(Site(s =>
        {
            s.Authors.Mode = RuleMode.Enforce;
            s.Authors.HoldUntilApproved = 1;
        }));
        var first = A.Comment("hello, first time here", author: "newbie");
        Assert.Equal(Outcome.HeldForReview, (await run.CheckAsync(first)).Outcome);

        await run.History.RecordOutcomeAsync(A.SiteId, first.CommentId, Outcome.Approved, run.Time.GetUtcNow(), TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Approved, (await run.CheckAsync(A.Comment("and a second thought", author: "newbie"))).Outcome);
    }

    [Fact]
    public void Holds_comments_from_young_accounts()
    {
        var run = new Run(Site(s =>
        {
            s.Authors.Mode = RuleMode.Enforce;
            s.Authors.MinAccountAgeDays = 3;
        }));
        var young = A.Comment("hi there") with { Author = new CommentAuthor { Id = "fresh", AccountAgeDays = 1 } };
        var old = A.Comment("hi there") with { Author = new CommentAuthor { Id = "veteran", AccountAgeDays = 400 } };

        Assert.True(run.Check(young).Has(ReasonCodes.NewCommenter));
        Assert.False(run.Check(old).Has(ReasonCodes.NewCommenter));
    }

    [Fact]
    public async Task Trusts_an_author_with_enough_approved_comments_and_approves_their_shouting()
    {
        var run = new Run(Site(s =>
        {
            s.Authors.Mode = RuleMode.Enforce;
            s.Authors.TrustAfterApproved = 3;
        }));
        for (var i = 0; i < 3; i++)
        {
            await run.CheckAsync(A.Comment($"a calm remark number {i} with enough words", author: "regular"));
            run.Time.Advance(TimeSpan.FromMinutes(5));
        }

        var loud = await run.CheckAsync(A.Comment("THIS IS IMPORTANT, PLEASE EVERYONE READ THE SECOND PAGE", author: "regular"));

        Assert.True(loud.Has(ReasonCodes.TrustedAuthor));
        Assert.True(loud.Has(ReasonCodes.Shouting));
        Assert.Equal(Outcome.Approved, loud.Outcome);
    }

    [Fact]
    public async Task Never_lets_trust_override_a_banned_term()
    {
        var run = new Run(Site(s =>
        {
            s.Authors.Mode = RuleMode.Enforce;
            s.Authors.TrustAfterApproved = 1;
        }));
        await run.CheckAsync(A.Comment("a calm remark with enough words", author: "regular"));

        var result = await run.CheckAsync(A.Comment("you are a c1al1s seller", author: "regular"));

        Assert.True(result.Has(ReasonCodes.TrustedAuthor));
        Assert.Equal(Outcome.Rejected, result.Outcome);
    }

    [Fact]
    public async Task Takes_trust_away_after_a_recent_rejection()
    {
        var run = new Run(Site(s =>
        {
            s.Authors.Mode = RuleMode.Enforce;
            s.Authors.TrustAfterApproved = 1;
        }));
        await run.CheckAsync(A.Comment("a calm remark with enough words", author: "regular"));
        await run.CheckAsync(A.Comment("buy cialis", author: "regular"));

        var result = await run.CheckAsync(A.Comment("THIS IS IMPORTANT, PLEASE EVERYONE READ THE SECOND PAGE", author: "regular"));

        Assert.False(result.Has(ReasonCodes.TrustedAuthor));
        Assert.Equal(Outcome.HeldForReview, result.Outcome);
    }

    [Fact]
    public void Never_rejects_staff_automatically_but_holds_them()
    {
        var run = new Run(Site());

        var result = run.Check(A.Comment("this cialis spam thread is a shit show", role: AuthorRole.Staff));

        Assert.Equal(Outcome.HeldForReview, result.Outcome);
        Assert.True(result.Has(ReasonCodes.BannedTerm));
        Assert.True(result.Has(ReasonCodes.StaffAuthor));
    }

    [Fact]
    public void Never_holds_staff_as_new_commenters()
    {
        var run = new Run(Site(s =>
        {
            s.Authors.Mode = RuleMode.Enforce;
            s.Authors.HoldUntilApproved = 1;
        }));

        Assert.Equal(Outcome.Approved, run.Check(A.Comment("welcome to the comments", role: AuthorRole.Staff)).Outcome);
    }

    [Fact]
    public void Reports_flood_in_shadow_mode_without_holding()
    {
        var run = new Run(Site(s => s.Flood.Mode = RuleMode.Shadow));

        var results = Enumerable.Range(0, 4).Select(i => run.Check(A.Comment($"comment number {i}"))).ToList();

        Assert.True(results[3].Reason(ReasonCodes.Flood)!.Shadow);
        Assert.Equal(Outcome.Approved, results[3].Outcome);
    }

    [Fact]
    public void Keeps_no_raw_ip_address_in_the_history()
    {
        var hasher = Core.Rules.History.IpHasher.FromSecret("test-secret-0123456789");

        var hash = hasher.Hash(A.SiteId, "203.0.113.7")!;

        Assert.DoesNotContain("203", hash, StringComparison.Ordinal);
        Assert.Equal(32, hash.Length);
        Assert.Equal(hash, hasher.Hash(A.SiteId, "::ffff:203.0.113.7"));
        Assert.NotEqual(hash, hasher.Hash("other-site", "203.0.113.7"));
        Assert.NotEqual(hash, Core.Rules.History.IpHasher.FromSecret("another-secret-0123456789").Hash(A.SiteId, "203.0.113.7"));
    }
}
