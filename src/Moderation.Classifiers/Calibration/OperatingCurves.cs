using Moderation.Classifiers.ModelFiles;
using Moderation.Core.Classification;

namespace Moderation.Classifiers.Calibration;

/// <summary>Builds a model's out-of-fold operating curve and reads thresholds off it for an expected rate.</summary>
public static class OperatingCurves
{
    /// <summary>Thresholds on the calibrated logit, from −12 to 12 in steps of 0.05: fine enough that neighbouring points differ by at most 1.25 % in probability.</summary>
    private const double Step = 0.05;
    private const double Range = 12;

    /// <summary>
    /// The weighted share of positives and of negatives scoring at or above each threshold of a fixed grid on
    /// the logit of <paramref name="probabilities"/> (out-of-fold, calibrated).
    /// </summary>
    public static OperatingCurve Build(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, IReadOnlyList<float> weights)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weights);
        var points = (int)Math.Round(2 * Range / Step) + 1;
        var positives = new double[points];
        var negatives = new double[points];
        double totalPositive = 0, totalNegative = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            // Point k is threshold Range − k·Step; a row counts at every threshold at or below its logit.
            var first = (int)Math.Ceiling((Range - PriorShift.Logit(probabilities[i])) / Step - 1e-9);
            var bucket = Math.Clamp(first, 0, points);
            if (bucket < points)
            {
                (labels[i] ? positives : negatives)[bucket] += weights[i];
            }

            if (labels[i]) totalPositive += weights[i]; else totalNegative += weights[i];
        }

        var thresholds = new double[points];
        var tpr = new double[points];
        var fpr = new double[points];
        double tp = 0, fp = 0;
        for (var k = 0; k < points; k++)
        {
            tp += positives[k];
            fp += negatives[k];
            thresholds[k] = Math.Round(PriorShift.Sigmoid(Range - k * Step), 10);
            tpr[k] = totalPositive == 0 ? 0 : Math.Round(tp / totalPositive, 8);
            fpr[k] = totalNegative == 0 ? 0 : Math.Round(fp / totalNegative, 8);
        }

        return new OperatingCurve(thresholds, tpr, fpr);
    }

    /// <summary>
    /// The hold and reject thresholds at an expected positive rate, as probabilities corrected to that rate.
    /// At rate r a threshold with detection rate T and false-alarm rate F has precision r·T / (r·T + (1−r)·F).
    /// Hold: the threshold with the best F1 at that precision (ties to the higher); reject: the lowest
    /// threshold, not below hold, whose precision reaches <paramref name="rejectPrecision"/> — 1 (never) when
    /// none does.
    /// </summary>
    public static OperatingThresholds At(OperatingCurve curve, double trainingPrior, double rate, double rejectPrecision)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var bestF1 = -1.0;
        var hold = 1.0;
        var reject = double.NaN;
        for (var k = 0; k < curve.Thresholds.Count; k++)
        {
            var tpr = curve.TruePositiveRates[k];
            var caught = rate * tpr;
            var alarms = (1 - rate) * curve.FalsePositiveRates[k];
            if (caught <= 0)
            {
                continue;
            }

            var precision = caught / (caught + alarms);
            var f1 = 2 * precision * tpr / (precision + tpr);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                hold = curve.Thresholds[k];
            }

            if (precision >= rejectPrecision)
            {
                reject = curve.Thresholds[k];
            }
        }

        var correctedHold = PriorShift.Apply(hold, trainingPrior, rate);
        var correctedReject = double.IsNaN(reject) ? 1 : PriorShift.Apply(reject, trainingPrior, rate);
        return new OperatingThresholds(correctedHold, Math.Max(correctedHold, correctedReject));
    }
}
