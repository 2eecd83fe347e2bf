using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Evaluation;

/// <summary>The headline figures of one evaluation, as stored in model metadata and printed by the CLI.</summary>
public sealed record EvaluationSummary
{
    public required string Data { get; init; }

    public int Rows { get; init; }

    public int Positives { get; init; }

    public double RocAuc { get; init; }

    public double Threshold { get; init; }

    public double Precision { get; init; }

    public double Recall { get; init; }

    public double F1 { get; init; }

    public double ExpectedCalibrationError { get; init; }

    public required ConfusionMatrix Confusion { get; init; }

    public static EvaluationSummary From(string data, IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, double threshold)
    {
        var confusion = Metrics.Confusion(probabilities, labels, threshold);
        return new EvaluationSummary
        {
            Data = data,
            Rows = labels.Count,
            Positives = labels.Count(l => l),
            RocAuc = Metrics.RocAuc(probabilities, labels),
            Threshold = threshold,
            Precision = confusion.Precision,
            Recall = confusion.Recall,
            F1 = confusion.F1,
            ExpectedCalibrationError = Metrics.ExpectedCalibrationError(probabilities, labels),
            Confusion = confusion,
        };
    }
}

/// <summary>A misclassified row, by id only: reports never repeat comment text.</summary>
public sealed record ScoredError(string Id, bool Label, double Probability);

public sealed record EvaluationReport(EvaluationSummary Summary, IReadOnlyList<ScoredError> WorstFalsePositives, IReadOnlyList<ScoredError> WorstFalseNegatives, double MicrosecondsPerComment)
{
    /// <summary>The same data seen as a site with a realistic positive rate would see it; null when not asked for.</summary>
    public RateReport? AtRate { get; init; }
}

/// <summary>
/// The model on this data at an expected positive rate: probabilities corrected to <see cref="Rate"/> (as the
/// service does for a site), the rows reweighted so that positives make up that share (a resample without its
/// noise), and the thresholds the model recommends at that rate.
/// </summary>
public sealed record RateReport(double Rate, double ExpectedCalibrationError, OperatingPoint AtHold, OperatingPoint AtReject);

/// <summary>
/// What a threshold does: its precision on the data as it is and at the expected rate, its recall, and how many
/// rows reach it.
/// </summary>
public sealed record OperatingPoint(double Threshold, double Precision, double PrecisionAtRate, double Recall, int Flagged)
{
    public static OperatingPoint From(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, double threshold, double rate)
    {
        var c = Metrics.Confusion(probabilities, labels, threshold);
        var positives = c.TruePositives + c.FalseNegatives;
        var negatives = c.FalsePositives + c.TrueNegatives;
        var caught = positives == 0 ? 0 : rate * c.TruePositives / positives;
        var alarms = negatives == 0 ? 0 : (1 - rate) * c.FalsePositives / negatives;
        return new OperatingPoint(threshold, c.Precision, caught + alarms == 0 ? 0 : caught / (caught + alarms), c.Recall, c.TruePositives + c.FalsePositives);
    }
}

/// <summary>Scores labelled data with a model and reports at the model's recommended (hold) threshold.</summary>
public static class Evaluator
{
    /// <summary>
    /// Scores <paramref name="data"/>; the summary is at the training data's class balance and the given (or the
    /// model's hold) threshold; with <paramref name="rate"/>, also at that expected rate (<see cref="RateReport"/>).
    /// </summary>
    public static EvaluationReport Evaluate(LinearTextModel model, IReadOnlyList<LabelledText> data, string name, double? threshold = null, int worst = 5, double? rate = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var texts = data.Select(d => Normalise.Text(d.Text)).ToArray();
        var probabilities = new double[data.Count];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < texts.Length; i++)
        {
            probabilities[i] = model.Probability(texts[i]);
        }

        var micros = data.Count == 0 ? 0 : clock.Elapsed.TotalMicroseconds / data.Count;
        var labels = data.Select(d => d.Label).ToArray();
        var t = threshold ?? model.Metadata.Thresholds.Hold;
        var summary = EvaluationSummary.From(name, probabilities, labels, t);
        var errors = Enumerable.Range(0, data.Count)
            .Where(i => probabilities[i] >= t != labels[i])
            .Select(i => new ScoredError(data[i].Id, labels[i], probabilities[i]))
            .ToList();
        return new EvaluationReport(
            summary,
            errors.Where(e => !e.Label).OrderByDescending(e => e.Probability).ThenBy(e => e.Id, StringComparer.Ordinal).Take(worst).ToList(),
            errors.Where(e => e.Label).OrderBy(e => e.Probability).ThenBy(e => e.Id, StringComparer.Ordinal).Take(worst).ToList(),
            micros)
        {
            AtRate = rate is { } r ? AtRate(model, probabilities, labels, r) : null,
        };
    }

    private static RateReport AtRate(LinearTextModel model, double[] probabilities, bool[] labels, double rate)
    {
        var corrected = probabilities.Select(p => model.AtRate(p, rate)).ToArray();
        var positives = labels.Count(l => l);
        var negatives = labels.Length - positives;
        var ece = positives == 0 || negatives == 0
            ? double.NaN
            : Metrics.ExpectedCalibrationError(corrected, labels, rate / positives, (1 - rate) / negatives);
        var thresholds = model.ThresholdsAt(rate)!;
        return new RateReport(
            rate,
            ece,
            OperatingPoint.From(corrected, labels, thresholds.Hold, rate),
            OperatingPoint.From(corrected, labels, thresholds.Reject, rate));
    }
}
