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

public sealed record EvaluationReport(EvaluationSummary Summary, IReadOnlyList<ScoredError> WorstFalsePositives, IReadOnlyList<ScoredError> WorstFalseNegatives, double MicrosecondsPerComment);

/// <summary>Scores labelled data with a model and reports at the model's recommended (hold) threshold.</summary>
public static class Evaluator
{
    public static EvaluationReport Evaluate(LinearTextModel model, IReadOnlyList<LabelledText> data, string name, double? threshold = null, int worst = 5)
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
            micros);
    }
}
