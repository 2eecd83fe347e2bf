using Moderation.Contracts;
using Moderation.Core.Normalisation;
using Moderation.Core.Sites;

namespace Moderation.Core.Rules;

/// <summary>What a rule sees of one comment, and where it puts its reasons.</summary>
public sealed class RuleContext(CommentSubmitted comment, NormalizedText text, SiteSettings site)
{
    private readonly List<DecisionReason> _reasons = [];

    public CommentSubmitted Comment { get; } = comment;

    public NormalizedText Text { get; } = text;

    public SiteSettings Site { get; } = site;

    public IReadOnlyList<DecisionReason> Reasons => _reasons;

    public void Add(DecisionReason reason) => _reasons.Add(reason);
}
