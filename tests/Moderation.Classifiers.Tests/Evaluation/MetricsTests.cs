using Moderation.Classifiers.Evaluation;

namespace Moderation.Classifiers.Tests.Evaluation;

public sealed class MetricsTests
{
    [Fact]
    public void Roc_auc_is_one_for_a_perfect_ranking_and_counts_ties_half()
    {
        Assert.Equal(1.0, Metrics.RocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
        Assert.Equal(0.5, Metrics.RocAuc([0.5, 0.5], [false, true]));
        Assert.Equal(0.875, Metrics.RocAuc([0.1, 0.6, 0.6, 0.9], [false, false, true, true]), 10);
    }

    [Fact]
    public void Calibration_error_is_zero_when_probabilities_match_frequencies()
    {
        var probabilities = new[] { 0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75 };
        var labels = new[] { true, false, false, false, true, true, true, false };

        Assert.Equal(0, Metrics.ExpectedCalibrationError(probabilities, labels), 10);
        Assert.Equal(0.5, Metrics.ExpectedCalibrationError([1.0, 1.0], [false, true]), 10);
    }

    [Fact]
    public void Confusion_matrix_counts_at_the_threshold_inclusively()
    {
        var m = Metrics.Confusion([0.2, 0.5, 0.7, 0.4], [false, true, false, true], 0.5);

        Assert.Equal(new ConfusionMatrix(1, 1, 1, 1), m);
        Assert.Equal(0.5, m.F1);
    }

    [Fact]
    public void Best_f1_threshold_separates_a_separable_set()
    {
        var threshold = Metrics.BestF1Threshold([0.1, 0.3, 0.6, 0.9], [false, false, true, true]);

        Assert.Equal(0.6, threshold);
    }

    [Fact]
    public void Best_mean_f1_threshold_lets_a_small_group_count_as_much_as_a_large_one()
    {
        // The large group alone prefers 0.8; the small group's only positive sits at 0.4.
        double[] p = [0.9, 0.8, 0.5, 0.45, 0.3, 0.2, 0.4, 0.05];
        bool[] y = [true, true, false, false, false, false, true, false];
        string[] g = ["large", "large", "large", "large", "large", "large", "small", "small"];

        Assert.Equal(0.8, Metrics.BestF1Threshold(p, y));
        Assert.Equal(0.4, Metrics.BestMeanF1Threshold(p, y, g));
        Assert.Equal(0.8, Metrics.BestMeanF1Threshold(p, y, g.Select(_ => "one").ToArray()));
    }
}
