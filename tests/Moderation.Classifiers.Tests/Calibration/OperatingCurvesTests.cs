using Moderation.Classifiers.Calibration;
using Moderation.Core.Classification;

namespace Moderation.Classifiers.Tests.Calibration;

public sealed class OperatingCurvesTests
{
    /// <summary>
    /// Out-of-fold scores of a made-up model on data that is half positive: positives spread over 0.3–0.99,
    /// negatives over 0.01–0.7, so there is a region of overlap.
    /// </summary>
    private static (double[] Scores, bool[] Labels) Scored()
    {
        var random = new Random(5);
        var scores = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < 4000; i++)
        {
            var positive = i % 2 == 0;
            scores.Add(positive ? 0.3 + 0.69 * Math.Sqrt(random.NextDouble()) : 0.01 + 0.69 * random.NextDouble() * random.NextDouble());
            labels.Add(positive);
        }

        return (scores.ToArray(), labels.ToArray());
    }

    [Fact]
    public void The_curve_counts_the_weighted_share_of_each_class_at_or_above_each_threshold()
    {
        var curve = OperatingCurves.Build([0.9, 0.6, 0.4, 0.2], [true, true, false, false], [1f, 3f, 1f, 1f]);

        var at = (double t) => Enumerable.Range(0, curve.Thresholds.Count).Last(k => curve.Thresholds[k] >= t);
        Assert.Equal(0.25, curve.TruePositiveRates[at(0.85)]);
        Assert.Equal(0, curve.FalsePositiveRates[at(0.85)]);
        Assert.Equal(1.0, curve.TruePositiveRates[at(0.55)]);
        Assert.Equal(0.5, curve.FalsePositiveRates[at(0.35)]);
        Assert.Equal(1.0, curve.FalsePositiveRates[^1]);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.02)]
    [InlineData(0.3)]
    public void The_reject_threshold_reaches_the_precision_at_the_sites_rate_and_hold_is_the_best_f1_there(double rate)
    {
        var (scores, labels) = Scored();
        var curve = OperatingCurves.Build(scores, labels, Enumerable.Repeat(1f, scores.Length).ToArray());

        var thresholds = OperatingCurves.At(curve, trainingPrior: 0.5, rate, rejectPrecision: 0.99);

        // Reweight the rows to the site's rate and check against the scores corrected to it.
        var corrected = scores.Select(s => PriorShift.Apply(s, 0.5, rate)).ToArray();
        var positiveWeight = rate / labels.Count(l => l);
        var negativeWeight = (1 - rate) / labels.Count(l => !l);
        double Precision(double t)
        {
            double tp = 0, fp = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                if (corrected[i] >= t)
                {
                    if (labels[i]) tp += positiveWeight; else fp += negativeWeight;
                }
            }

            return tp / (tp + fp);
        }

        double F1(double t)
        {
            var p = Precision(t);
            var r = Enumerable.Range(0, scores.Length).Count(i => labels[i] && corrected[i] >= t) / (double)labels.Count(l => l);
            return 2 * p * r / (p + r);
        }

        Assert.True(Precision(thresholds.Reject) >= 0.99, $"precision {Precision(thresholds.Reject):0.0000} at {thresholds.Reject:0.0000}");
        Assert.True(thresholds.Reject >= thresholds.Hold);
        var best = corrected.Distinct().Max(F1);
        Assert.InRange(F1(thresholds.Hold), best - 0.01, best);
        // A lower rate asks for more evidence before the same precision: the raw threshold rises.
        var raw = PriorShift.Apply(thresholds.Reject, rate, 0.5);
        var rawAtHalf = OperatingCurves.At(curve, 0.5, 0.5, 0.99).Reject;
        Assert.True(rate >= 0.5 || raw >= rawAtHalf, $"{raw} < {rawAtHalf}");
    }

    [Fact]
    public void A_model_that_never_reaches_the_precision_never_rejects()
    {
        var curve = OperatingCurves.Build([0.9, 0.9, 0.1, 0.1], [true, false, true, false], [1f, 1f, 1f, 1f]);

        Assert.Equal(1, OperatingCurves.At(curve, 0.5, 0.05, 0.99).Reject);
    }
}
