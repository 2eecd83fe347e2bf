namespace Moderation.Classifiers.Evaluation;

/// <summary>Binary-classification metrics over probabilities; plain arithmetic, no randomness.</summary>
public static class Metrics
{
    /// <summary>ROC AUC as the Mann–Whitney statistic, ties counted half.</summary>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        long positives = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            var averageRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (labels[order[k]])
                {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        long negatives = order.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (rankSumPositive - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    public static ConfusionMatrix Confusion(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, double threshold)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var predicted = probabilities[i] >= threshold;
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }

        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /// <summary>Expected calibration error: the sample-weighted mean |accuracy − confidence| over equal-width bins.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10) =>
        ExpectedCalibrationError(probabilities, labels, positiveWeight: 1, negativeWeight: 1, bins);

    /// <summary>
    /// The same with every positive row weighing <paramref name="positiveWeight"/> and every negative
    /// <paramref name="negativeWeight"/>: the calibration error on data resampled to another class balance,
    /// without the noise of an actual random resample.
    /// </summary>
    public static double ExpectedCalibrationError(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, double positiveWeight, double negativeWeight, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var weight = new double[bins];
        var sumP = new double[bins];
        var sumY = new double[bins];
        double total = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var b = Math.Min(bins - 1, (int)(probabilities[i] * bins));
            var w = labels[i] ? positiveWeight : negativeWeight;
            weight[b] += w;
            sumP[b] += w * probabilities[i];
            sumY[b] += labels[i] ? w : 0;
            total += w;
        }

        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            if (weight[b] > 0)
            {
                ece += Math.Abs(sumY[b] - sumP[b]) / total;
            }
        }

        return ece;
    }

    /// <summary>The threshold (one of the scores) with the best F1; ties go to the higher threshold.</summary>
    public static double BestF1Threshold(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        var (order, positives) = Sorted(probabilities, labels);
        double best = -1, threshold = 0.5;
        int tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++; else fp++;
            if (k + 1 < order.Length && probabilities[order[k + 1]] == probabilities[order[k]])
            {
                continue;
            }

            var f1 = 2.0 * tp / (tp + fp + positives);
            if (f1 > best)
            {
                best = f1;
                threshold = probabilities[order[k]];
            }
        }

        return threshold;
    }

    /// <summary>
    /// The threshold (one of the scores) with the best mean F1 over the groups (e.g. source files), each group
    /// counting equally whatever its size; ties go to the higher threshold. One group = <see cref="BestF1Threshold"/>.
    /// </summary>
    public static double BestMeanF1Threshold(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, IReadOnlyList<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var names = groups.Distinct().ToArray();
        if (names.Length < 2)
        {
            return BestF1Threshold(probabilities, labels);
        }

        var (order, _) = Sorted(probabilities, labels);
        var groupOf = groups.Select(g => Array.IndexOf(names, g)).ToArray();
        var positives = new int[names.Length];
        for (var i = 0; i < labels.Count; i++)
        {
            positives[groupOf[i]] += labels[i] ? 1 : 0;
        }

        var tp = new int[names.Length];
        var fp = new int[names.Length];
        double best = -1, threshold = 0.5;
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            if (labels[i]) tp[groupOf[i]]++; else fp[groupOf[i]]++;
            if (k + 1 < order.Length && probabilities[order[k + 1]] == probabilities[i])
            {
                continue;
            }

            double sum = 0;
            for (var g = 0; g < names.Length; g++)
            {
                sum += positives[g] == 0 ? 0 : 2.0 * tp[g] / (tp[g] + fp[g] + positives[g]);
            }

            if (sum / names.Length > best)
            {
                best = sum / names.Length;
                threshold = probabilities[i];
            }
        }

        return threshold;
    }

    /// <summary>The lowest threshold whose precision is at least <paramref name="precision"/> with recall above zero; 1 when none.</summary>
    public static double ThresholdForPrecision(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, double precision)
    {
        var (order, _) = Sorted(probabilities, labels);
        int tp = 0, fp = 0;
        var threshold = 1.0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++; else fp++;
            if (k + 1 < order.Length && probabilities[order[k + 1]] == probabilities[order[k]])
            {
                continue;
            }

            if (tp > 0 && tp >= precision * (tp + fp))
            {
                threshold = probabilities[order[k]];
            }
        }

        return threshold;
    }

    private static (int[] Order, int Positives) Sorted(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, probabilities.Count).OrderByDescending(i => probabilities[i]).ThenBy(i => i).ToArray();
        return (order, labels.Count(l => l));
    }
}

public sealed record ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : TruePositives / (double)(TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : TruePositives / (double)(TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
