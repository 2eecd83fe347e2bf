using Moderation.Contracts;
using Moderation.Core.Classification;
using Moderation.Core.Normalisation;
using Moderation.Core.Rules;
using Moderation.Core.Sites;
using Moderation.Core.Validation;

namespace Moderation.Core.Pipeline;

/// <summary>
/// The moderation pipeline of PRODUCT.md: validate and normalise, run the rules, score with the
/// classifiers, and let the site's policy turn the signals into an outcome.
/// </summary>
public sealed class ModerationPipeline(
    IEnumerable<IRule> rules,
    IEnumerable<IClassifier> classifiers,
    ISiteSettingsProvider sites,
    TimeProvider time)
{
    private readonly IRule[] _rules = rules.ToArray();
    private readonly IClassifier[] _classifiers = classifiers.ToArray();

    /// <summary>Decides one comment revision.</summary>
    /// <exception cref="InvalidSubmissionException">An identifier is missing or the site is unknown.</exception>
    public async ValueTask<ModerationResult> RunAsync(CommentSubmitted comment, CancellationToken cancellationToken = default)
    {
        SiteSettings site;
        DecisionReason? invalid;
        using (PipelineTelemetry.Stage("validate"))
        {
            SubmissionValidator.Validate(comment);
            site = sites.Find(comment.SiteId)
                ?? throw new InvalidSubmissionException("UnknownSite", "siteId", $"The site '{comment.SiteId}' is not configured in this service.");
            invalid = TextValidator.Check(comment.Text, site.MaxTextLength);
        }

        if (invalid is not null)
        {
            return Decide(site, comment, [invalid], []);
        }

        NormalizedText text;
        using (PipelineTelemetry.Stage("normalise"))
        {
            text = TextNormalizer.Normalize(comment.Text);
        }

        var context = new RuleContext(comment, text, site);
        using (PipelineTelemetry.Stage("rules"))
        {
            foreach (var rule in _rules)
            {
                await rule.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }

        var reasons = context.Reasons
            .Select(r => !r.Shadow && site.Shadow.Contains(r.Source ?? string.Empty) ? r with { Shadow = true } : r)
            .ToList();
        var scores = new List<Score>(_classifiers.Length);
        using (PipelineTelemetry.Stage("classifiers"))
        {
            foreach (var classifier in _classifiers)
            {
                Score(classifier, text, comment.SiteId, site, reasons, scores);
            }
        }

        ModerationResult result;
        using (PipelineTelemetry.Stage("policy"))
        {
            result = Decide(site, comment, reasons, scores);
        }

        foreach (var rule in _rules)
        {
            if (rule is IDecisionAware aware)
            {
                await aware.OnDecidedAsync(context, result.Outcome, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    private static void Score(IClassifier classifier, NormalizedText text, string siteId, SiteSettings site, List<DecisionReason> reasons, List<Score> scores)
    {
        var shadow = site.Shadow.Contains(classifier.Task);
        var result = classifier.Score(text, new ScoringContext(siteId, site.ExpectedRates.For(classifier.Task)));
        if (result is null)
        {
            reasons.Add(new DecisionReason
            {
                Code = ReasonCodes.ClassifierUnavailable,
                Message = $"No {classifier.Task} model is loaded; the comment was decided without a {classifier.Task} score.",
                Action = ReasonAction.Flag,
                Source = classifier.Task,
            });
            return;
        }

        Add(classifier.Task, result, shadow, $"The {classifier.Task} model", site, reasons, scores);
        if (result.Shadow is { } challenger)
        {
            // A site's model on trial: scored and explained like the serving one, never deciding.
            Add(classifier.Task, challenger, shadow: true, $"The site's shadow {classifier.Task} model {challenger.ModelVersion}", site, reasons, scores);
        }
    }

    private static void Add(string task, ClassifierResult result, bool shadow, string model, SiteSettings site, List<DecisionReason> reasons, List<Score> scores)
    {
        scores.Add(new Score { Name = task, Value = result.Probability, ModelVersion = result.ModelVersion, Shadow = shadow });
        var (hold, reject, code) = Policy.Thresholds(site.Thresholds, task, result.Thresholds);
        if (code is null || result.Probability < hold)
        {
            return;
        }

        var action = result.Probability >= reject ? ReasonAction.Reject : ReasonAction.Hold;
        reasons.Add(new DecisionReason
        {
            Code = code,
            Message = $"{model} gives {result.Probability:0.00}; this site {(action == ReasonAction.Reject ? "rejects" : "holds")} from {(action == ReasonAction.Reject ? reject : hold):0.00}.",
            Action = action,
            Source = task,
            Shadow = shadow,
            Evidence = result.Explanation,
        });
    }

    private ModerationResult Decide(SiteSettings site, CommentSubmitted comment, List<DecisionReason> reasons, List<Score> scores)
    {
        var outcome = Policy.Outcome(reasons, comment.Author.Role, site.Authors.EffectiveTrustOverrides, out var policyReason);
        if (policyReason is not null)
        {
            reasons.Add(policyReason);
        }

        return new ModerationResult
        {
            Outcome = outcome,
            Reasons = reasons,
            Scores = scores,
            PolicyVersion = site.PolicyVersion,
            DecidedAt = time.GetUtcNow(),
        };
    }
}
