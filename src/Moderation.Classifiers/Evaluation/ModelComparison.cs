using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Evaluation;

public enum ComparisonDecision
{
    /// <summary>The challenger is better by the margin on AUC and rejects at least as precisely: promote it (after shadowing).</summary>
    ChallengerWins,

    /// <summary>The challenger is worse by the margin, or rejects less precisely: keep the champion.</summary>
    ChampionStays,

    /// <summary>The difference is inside the margin, or the held-out labels cannot tell: keep the champion and wait for more labels.</summary>
    Undecided,
}

/// <summary>
/// One model on the held-out site labels. Thresholds are the model's own at the site's expected rate and probabilities
/// are corrected to that rate, as the service scores; "at rate" figures reweight the rows so positives make up that share.
/// </summary>
public sealed record ModelScorecard
{
    public required string Version { get; init; }

    public double RocAuc { get; init; }

    public double HoldThreshold { get; init; }

    public double RecallAtHold { get; init; }

    public double RejectThreshold { get; init; }

    /// <summary>Precision of automatic rejections on the held-out labels; null when the model rejects none of them.</summary>
    public double? PrecisionAtReject { get; init; }

    /// <summary>The same precision with the rows reweighted to the site's expected rate; null when none is rejected.</summary>
    public double? PrecisionAtRejectAtRate { get; init; }

    public int Rejected { get; init; }

    public int FalseRejections { get; init; }

    /// <summary>Expected calibration error of the rate-corrected probabilities, rows reweighted to the expected rate.</summary>
    public double CalibrationErrorAtRate { get; init; }

    public static ModelScorecard Score(LinearTextModel model, IReadOnlyList<LabelledText> heldOut, double expectedRate)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(heldOut);
        var labels = heldOut.Select(h => h.Label).ToArray();
        var probabilities = heldOut.Select(h => model.Probability(Normalise.Text(h.Text), expectedRate)).ToArray();
        var thresholds = model.ThresholdsAt(expectedRate)!;
        var hold = OperatingPoint.From(probabilities, labels, thresholds.Hold, expectedRate);
        var reject = OperatingPoint.From(probabilities, labels, thresholds.Reject, expectedRate);
        var rejected = Metrics.Confusion(probabilities, labels, thresholds.Reject);
        var positives = labels.Count(l => l);
        var negatives = labels.Length - positives;
        return new ModelScorecard
        {
            Version = model.Metadata.Version,
            RocAuc = Metrics.RocAuc(probabilities, labels),
            HoldThreshold = thresholds.Hold,
            RecallAtHold = hold.Recall,
            RejectThreshold = thresholds.Reject,
            PrecisionAtReject = reject.Flagged == 0 ? null : reject.Precision,
            PrecisionAtRejectAtRate = reject.Flagged == 0 ? null : reject.PrecisionAtRate,
            Rejected = reject.Flagged,
            FalseRejections = rejected.FalsePositives,
            CalibrationErrorAtRate = positives == 0 || negatives == 0
                ? double.NaN
                : Metrics.ExpectedCalibrationError(probabilities, labels, expectedRate / positives, (1 - expectedRate) / negatives),
        };
    }
}

/// <summary>
/// Champion against challenger on a site's newest labels, which the challenger never trained on: what the service
/// can store beside a challenger model and show before promoting it. Serialised with <see cref="ModelFile.Json"/>.
/// </summary>
public sealed record ModelComparison
{
    public required string Task { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Site labels the challenger trained on (after deduplication), the oldest ones.</summary>
    public int TrainingLabels { get; init; }

    /// <summary>The newest site labels, held out from the challenger and scored by both models.</summary>
    public int HeldOutLabels { get; init; }

    public int HeldOutPositives { get; init; }

    /// <summary>Id of the oldest held-out label: everything from it on (in the export's time order) was held out.</summary>
    public string? HeldOutFromId { get; init; }

    public double ExpectedRate { get; init; }

    /// <summary>The AUC margin the challenger has to win by.</summary>
    public double Margin { get; init; }

    /// <summary>The L2 strength cross-validation chose for the site's correction of the base model, when known.</summary>
    public double? SiteL2 { get; init; }

    public required ModelScorecard Champion { get; init; }

    public required ModelScorecard Challenger { get; init; }

    public ComparisonDecision Decision { get; init; }

    public required string Reason { get; init; }
}

/// <summary>The decision rule and the time-ordered split of a site's labels.</summary>
public static class ModelComparer
{
    /// <summary>
    /// How much lower the challenger's calibration error at the site's rate must be for it to win at an AUC inside the
    /// margin (and with recall at hold no lower by more than the margin).
    /// </summary>
    public const double CalibrationMargin = 0.05;

    /// <summary>Held-out labels of each class below which the comparison is <see cref="ComparisonDecision.Undecided"/>.</summary>
    public const int MinimumHeldOutPerClass = 10;

    /// <summary>
    /// Splits labels in time order (oldest first, as exported) into the older ones to train on and the newest
    /// <paramref name="share"/> to hold out. Labels are deduplicated by id first (the last decision kept), so a
    /// comment decided again later can never sit on both sides.
    /// </summary>
    public static (IReadOnlyList<LabelledText> Training, IReadOnlyList<LabelledText> HeldOut) SplitByTime(IReadOnlyList<LabelledText> labelsInTimeOrder, double share)
    {
        ArgumentNullException.ThrowIfNull(labelsInTimeOrder);
        if (share is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The held-out share must be between 0 and 1.");
        }

        var labels = SiteModelTrainer.Deduplicate(labelsInTimeOrder);
        var heldOut = (int)Math.Ceiling(labels.Count * share);
        return (labels.Take(labels.Count - heldOut).ToList(), labels.Skip(labels.Count - heldOut).ToList());
    }

    public static ModelComparison Compare(string task, LinearTextModel champion, LinearTextModel challenger, IReadOnlyList<LabelledText> training, IReadOnlyList<LabelledText> heldOut, double expectedRate, double margin, DateTimeOffset now, double? siteL2 = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(heldOut);
        var championCard = ModelScorecard.Score(champion, heldOut, expectedRate);
        var challengerCard = ModelScorecard.Score(challenger, heldOut, expectedRate);
        var positives = heldOut.Count(h => h.Label);
        var (decision, reason) = Decide(championCard, challengerCard, margin, positives, heldOut.Count - positives);
        return new ModelComparison
        {
            Task = task,
            CreatedAt = now,
            TrainingLabels = training.Count,
            HeldOutLabels = heldOut.Count,
            HeldOutPositives = positives,
            HeldOutFromId = heldOut.Count > 0 ? heldOut[0].Id : null,
            ExpectedRate = expectedRate,
            Margin = margin,
            SiteL2 = siteL2,
            Champion = championCard,
            Challenger = challengerCard,
            Decision = decision,
            Reason = reason,
        };
    }

    /// <summary>
    /// The challenger wins when its AUC beats the champion's by at least <paramref name="margin"/> and its rejections
    /// are at least as precise (a model that rejects nothing cannot lose precision; against a champion that rejects
    /// nothing, every challenger rejection must be right) — or, with an AUC inside the margin, when its calibration
    /// error at the site's rate is lower by <see cref="CalibrationMargin"/> and it holds as much of what it should. The champion stays when the challenger is worse by the
    /// margin or less precise at reject; anything else, and held-out labels with fewer than
    /// <see cref="MinimumHeldOutPerClass"/> of a class, is undecided.
    /// </summary>
    public static (ComparisonDecision Decision, string Reason) Decide(ModelScorecard champion, ModelScorecard challenger, double margin, int heldOutPositives, int heldOutNegatives)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(challenger);
        if (heldOutPositives < MinimumHeldOutPerClass || heldOutNegatives < MinimumHeldOutPerClass)
        {
            return (ComparisonDecision.Undecided, $"too few held-out labels to compare: {heldOutPositives} positive and {heldOutNegatives} negative, at least {MinimumHeldOutPerClass} of each needed");
        }

        var delta = challenger.RocAuc - champion.RocAuc;
        var losesPrecision = challenger.PrecisionAtReject is { } p && p < (champion.PrecisionAtReject ?? 1);
        var precision = $"precision at reject {Show(challenger.PrecisionAtReject)} ({challenger.Rejected} rejected) against {Show(champion.PrecisionAtReject)} ({champion.Rejected} rejected)";
        if (losesPrecision)
        {
            return (ComparisonDecision.ChampionStays, $"the challenger rejects less precisely: {precision}");
        }

        if (delta >= margin)
        {
            return (ComparisonDecision.ChallengerWins, $"AUC {challenger.RocAuc:0.0000} against {champion.RocAuc:0.0000} (+{delta:0.0000} ≥ margin {margin}); {precision}");
        }

        if (delta <= -margin)
        {
            return (ComparisonDecision.ChampionStays, $"AUC {challenger.RocAuc:0.0000} against {champion.RocAuc:0.0000} ({delta:+0.0000;-0.0000}, worse by the margin {margin} or more)");
        }

        // Ranking alike, but the champion's probabilities are off for this site (its own jargon held as abuse, say):
        // the thresholds act on probabilities, so a challenger calibrated to the site decides better at the same AUC.
        var calibrationGain = champion.CalibrationErrorAtRate - challenger.CalibrationErrorAtRate;
        if (calibrationGain >= CalibrationMargin && challenger.RecallAtHold >= champion.RecallAtHold - margin)
        {
            return (ComparisonDecision.ChallengerWins, $"AUC {challenger.RocAuc:0.0000} against {champion.RocAuc:0.0000} (inside the margin {margin}), calibration error at the site's rate {challenger.CalibrationErrorAtRate:0.000} against {champion.CalibrationErrorAtRate:0.000} (better by ≥ {CalibrationMargin}), recall at hold {challenger.RecallAtHold:0.000} against {champion.RecallAtHold:0.000}; {precision}");
        }

        return (ComparisonDecision.Undecided, $"AUC {challenger.RocAuc:0.0000} against {champion.RocAuc:0.0000} ({delta:+0.0000;-0.0000}): inside the margin {margin}");
    }

    private static string Show(double? value) => value is { } v ? v.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "none";
}

/// <summary>
/// A site's retraining, start to end: the labels split by time, the challenger trained on the older ones only,
/// and compared with the champion on the newest.
/// </summary>
public static class SiteRetraining
{
    public static (LinearTextModel Challenger, ModelComparison Report) Run(
        string task, SiteModelTrainer trainer, LinearTextModel champion, IReadOnlyList<LabelledText> labelsInTimeOrder,
        double heldOutShare, double margin, double expectedRate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var (training, heldOut) = ModelComparer.SplitByTime(labelsInTimeOrder, heldOutShare);
        var challenger = trainer.Train(training);
        return (challenger, ModelComparer.Compare(task, champion, challenger, training, heldOut, expectedRate, margin, now, trainer.ChosenL2));
    }
}
