using Moderation.Classifiers.Scoring;
using Moderation.Core.Classification;
using Moderation.Core.Normalisation;
using Moderation.Core.Sites;

namespace Moderation.Service.SiteModels;

/// <summary>
/// The pipeline's classifier for one task: the site's champion when it has one, the shipped model otherwise;
/// the score's model version says which. A site's shadow model is scored beside it for the site's configured
/// number of comments (<see cref="SiteModelSettings.ShadowComments"/>) and reported as a shadow score.
/// Site models score with the shipped classifier's settings and evidence (its span model, when loaded).
/// </summary>
public sealed class SiteModelClassifier(ModelClassifier shipped, SiteModelCatalog catalog, ISiteSettingsProvider sites) : IClassifier
{
    public string Task => shipped.Task;

    public ClassifierResult? Score(NormalizedText text, ScoringContext context)
    {
        var models = catalog.Find(context.SiteId, Task);
        if (models is null)
        {
            return shipped.Score(text, context);
        }

        var result = models.Champion is { } champion ? shipped.ScoreWith(champion.Model, text, context) : shipped.Score(text, context);
        if (result is null || models.Shadow is not { } shadow)
        {
            return result;
        }

        var trial = sites.Find(context.SiteId)?.Models.ShadowComments ?? new SiteModelSettings().ShadowComments;
        return shadow.TryTakeShadowComment(trial)
            ? result.WithShadow(shipped.ScoreWith(shadow.Model, text, context))
            : result;
    }
}
