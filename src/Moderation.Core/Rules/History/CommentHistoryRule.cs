using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Core.Sites;

namespace Moderation.Core.Rules.History;

/// <summary>
/// The rules that need earlier comments, sharing one record per comment in an <see cref="ICommentHistory"/>:
/// <list type="bullet">
/// <item><c>rules/flood</c>: more comments per author or per IP address within a window than the site allows (<c>Flood</c>);</item>
/// <item><c>rules/duplicates</c>: the author repeating a comment (<c>Duplicate</c>) and near-identical comments from
/// several authors within a window (<c>Campaign</c>);</item>
/// <item><c>rules/authors</c>: trusted authors (<c>TrustedAuthor</c>, an approve) and new commenters or accounts (<c>NewCommenter</c>).</item>
/// </list>
/// An edit (a later revision) replaces its comment's record: it is never a duplicate of its own earlier
/// revision, never counts twice towards a flood limit, and is not held as a flood itself.
/// </summary>
/// <param name="recordsOutcomes">
/// Whether the rule records each outcome in the history once decided. A store that keeps decisions
/// and history side by side records it with the decision, in the same statement, and passes false.
/// </param>
public sealed class CommentHistoryRule(ICommentHistory history, IpHasher ipHasher, TimeProvider time, bool recordsOutcomes = true) : IRule, IDecisionAware
{
    public const string FloodSource = "rules/flood";
    public const string DuplicateSource = "rules/duplicates";
    public const string AuthorSource = "rules/authors";

    /// <summary>Most similar comments looked at per check.</summary>
    private const int MaxSimilar = 200;

    public string Name => "rules/history";

    public async ValueTask EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var site = context.Site;
        if (site.Flood.Mode == RuleMode.Off && site.Duplicates.Mode == RuleMode.Off && site.Authors.Mode == RuleMode.Off)
        {
            return;
        }

        var comment = context.Comment;
        var now = time.GetUtcNow();
        var ipHash = ipHasher.Hash(comment.SiteId, comment.Author.Ip);
        var sketch = TextSketch.From(context.Text, site.Duplicates.MinWords);

        // An edit is not a new post: it never counts, nor is held, as a flood.
        var flood = site.Flood.Mode != RuleMode.Off && comment.Kind == CommentKind.New;
        var duplicates = site.Duplicates.Mode != RuleMode.Off && sketch is not null;
        var authors = site.Authors.Mode != RuleMode.Off && comment.Author.Role != AuthorRole.Staff;
        var duplicateWindow = site.Duplicates.AuthorWindow > site.Duplicates.CampaignWindow ? site.Duplicates.AuthorWindow : site.Duplicates.CampaignWindow;
        var questions = new HistoryQuestions
        {
            AuthorSince = flood && site.Flood.PerAuthor.Max > 0 ? now - site.Flood.PerAuthor.Window : null,
            IpSince = flood && site.Flood.PerIp.Max > 0 && ipHash is not null ? now - site.Flood.PerIp.Window : null,
            Similar = duplicates ? new SimilarityQuestion(now - duplicateWindow, site.Duplicates.Similarity, MaxSimilar) : null,
            RejectionsSince = authors ? now - site.Authors.RejectionWindow : null,
        };

        // The comment is recorded before the questions are answered, in one go: concurrent comments
        // (other consumers, other replicas) see each other, so a campaign is caught while it arrives.
        var facts = await history.RecordAndLookUpAsync(
            new CommentRecord
            {
                SiteId = comment.SiteId,
                CommentId = comment.CommentId,
                AuthorId = comment.Author.Id,
                IpHash = ipHash,
                Revision = comment.Revision,
                At = now,
                Sketch = sketch,
            },
            questions,
            cancellationToken).ConfigureAwait(false);

        if (flood)
        {
            CheckFlood(context, facts);
        }

        if (duplicates)
        {
            CheckDuplicates(context, facts, now);
        }

        if (authors && facts.Standing is { } standing)
        {
            CheckAuthor(context, standing);
        }
    }

    public async ValueTask OnDecidedAsync(RuleContext context, Outcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var site = context.Site;
        if (!recordsOutcomes || (site.Flood.Mode == RuleMode.Off && site.Duplicates.Mode == RuleMode.Off && site.Authors.Mode == RuleMode.Off))
        {
            return;
        }

        await history.RecordOutcomeAsync(context.Comment.SiteId, context.Comment.CommentId, outcome, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    private static void CheckFlood(RuleContext context, HistoryFacts facts)
    {
        var s = context.Site.Flood;
        var action = RuleReasons.ToAction(s.Action);
        var evidence = new List<Evidence>();
        if (facts.ByAuthor is { } byAuthor && byAuthor > s.PerAuthor.Max)
        {
            evidence.Add(new Evidence { Text = "author", Field = "author.id", Detail = $"{byAuthor} comments within {s.PerAuthor.Window}; at most {s.PerAuthor.Max} allowed" });
        }

        if (facts.ByIp is { } byIp && byIp > s.PerIp.Max)
        {
            evidence.Add(new Evidence { Text = "ip", Field = "author.ip", Detail = $"{byIp} comments within {s.PerIp.Window}; at most {s.PerIp.Max} allowed" });
        }

        if (evidence.Count > 0)
        {
            context.Add(RuleReasons.Make(
                ReasonCodes.Flood,
                $"The {string.Join(" and the ", evidence.Select(e => e.Text == "ip" ? "IP address" : "author"))} posted more comments than this site allows; it {RuleReasons.Verb(action)} the excess.",
                action,
                FloodSource,
                s.Mode,
                evidence));
        }
    }

    private static void CheckDuplicates(RuleContext context, HistoryFacts facts, DateTimeOffset now)
    {
        var s = context.Site.Duplicates;
        var comment = context.Comment;
        var similar = facts.Similar;

        var own = similar.Where(c => c.AuthorId == comment.Author.Id && c.At >= now - s.AuthorWindow).ToList();
        if (own.Count > 0)
        {
            var action = RuleReasons.ToAction(s.DuplicateAction);
            context.Add(RuleReasons.Make(
                ReasonCodes.Duplicate,
                $"The author posted the same or nearly the same text {own.Count} time(s) within {s.AuthorWindow}; this site {RuleReasons.Verb(action)} repeats.",
                action,
                DuplicateSource,
                s.Mode,
                own.Take(10).Select(c => new Evidence { Text = c.CommentId, Field = "commentId", Detail = $"similarity {c.Similarity:0.00}" }).ToList()));
        }

        var campaign = similar.Where(c => c.At >= now - s.CampaignWindow).ToList();
        var authors = campaign.Select(c => c.AuthorId).Append(comment.Author.Id).Distinct(StringComparer.Ordinal).Count();
        if (authors >= s.CampaignMinAuthors)
        {
            var action = RuleReasons.ToAction(s.CampaignAction);
            context.Add(RuleReasons.Make(
                ReasonCodes.Campaign,
                $"{authors} authors posted the same or nearly the same text within {s.CampaignWindow}; this site {RuleReasons.Verb(action)} campaigns from {s.CampaignMinAuthors}.",
                action,
                DuplicateSource,
                s.Mode,
                campaign.Where(c => c.AuthorId != comment.Author.Id).Take(10).Select(c => new Evidence { Text = c.CommentId, Field = "commentId", Detail = $"similarity {c.Similarity:0.00}" }).ToList()));
        }
    }

    private static void CheckAuthor(RuleContext context, AuthorStanding standing)
    {
        var s = context.Site.Authors;
        var comment = context.Comment;
        if (s.TrustAfterApproved > 0 && standing.Approved >= s.TrustAfterApproved && standing.RecentRejections == 0)
        {
            context.Add(RuleReasons.Make(
                ReasonCodes.TrustedAuthor,
                $"The author has {standing.Approved} approved comments and no rejection within {s.RejectionWindow}; soft holds are approved.",
                ReasonAction.Approve,
                AuthorSource,
                s.Mode,
                [new Evidence { Text = "author", Field = "author.id", Detail = $"{standing.Approved} approved" }]));
            return;
        }

        var evidence = new List<Evidence>();
        if (s.HoldUntilApproved > 0 && standing.Approved < s.HoldUntilApproved)
        {
            evidence.Add(new Evidence { Text = "author", Field = "author.id", Detail = $"{standing.Approved} approved comments; {s.HoldUntilApproved} needed" });
        }

        if (s.MinAccountAgeDays > 0 && comment.Author.AccountAgeDays is { } age && age < s.MinAccountAgeDays)
        {
            evidence.Add(new Evidence { Text = "account", Field = "author.accountAgeDays", Detail = $"{age} days old; {s.MinAccountAgeDays} needed" });
        }

        if (evidence.Count > 0)
        {
            context.Add(RuleReasons.Make(
                ReasonCodes.NewCommenter,
                "The author is new to this site, which holds the first comments of new authors and accounts.",
                ReasonAction.Hold,
                AuthorSource,
                s.Mode,
                evidence));
        }
    }
}
