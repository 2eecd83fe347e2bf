using Moderation.Contracts;
using Moderation.Core.Pipeline;
using Moderation.Core.Rules;
using Moderation.Core.Rules.History;
using Moderation.Core.Sites;

namespace Moderation.Core.Tests.Support;

/// <summary>A pipeline with every rule, an in-memory history and a manual clock, without classifiers.</summary>
public sealed class Run
{
    public Run(SiteSettings site, ICommentHistory? history = null, ManualTime? time = null)
    {
        Site = site;
        Time = time ?? new ManualTime();
        History = history ?? new InMemoryCommentHistory(Time);
        Pipeline = new ModerationPipeline(
            [new TermListRule(), new LinkRule(), new TextShapeRule(), new CommentHistoryRule(History, IpHasher.FromSecret("test-secret-0123456789"), Time)],
            [],
            A.Sites(site),
            Time);
    }

    public SiteSettings Site { get; }

    public ManualTime Time { get; }

    public ICommentHistory History { get; }

    public ModerationPipeline Pipeline { get; }

    public static ModerationResult Once(string text, SiteSettings? site = null) => new Run(site ?? A.Site()).Check(A.Comment(text));

    public ModerationResult Check(CommentSubmitted comment) =>
        Pipeline.RunAsync(comment, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();

    public Task<ModerationResult> CheckAsync(CommentSubmitted comment) =>
        Pipeline.RunAsync(comment, TestContext.Current.CancellationToken).AsTask();
}

public static class ResultExtensions
{
    public static DecisionReason? Reason(this ModerationResult result, string code) => result.Reasons.FirstOrDefault(r => r.Code == code);

    public static bool Has(this ModerationResult result, string code) => result.Reasons.Any(r => r.Code == code);
}
