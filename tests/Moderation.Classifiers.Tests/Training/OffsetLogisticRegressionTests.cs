using Moderation.Classifiers.Training;

namespace Moderation.Classifiers.Tests.Training;

public sealed class OffsetLogisticRegressionTests
{
    private const int Dimension = 1000;

    [Fact]
    public void It_learns_the_feature_that_the_offset_gets_wrong_and_leaves_the_rest_at_zero()
    {
        // The offset (a base model) calls every row with feature 7 positive; the labels say those rows are clean.
        // Feature 3 marks the real positives, which the offset already gets right.
        var rows = new List<OffsetLogisticRegression.Row>();
        for (var i = 0; i < 100; i++)
        {
            rows.Add(Row([7, 20 + i % 50], offset: 2, label: false));
            rows.Add(Row([3, 20 + i % 50], offset: 2, label: true));
            rows.Add(Row([20 + i % 50], offset: -2, label: false));
        }

        var (weights, bias) = OffsetLogisticRegression.Fit(rows, Dimension, l2: 0.1);

        Assert.True(weights[7] < -2, $"w[7] = {weights[7]:0.000}");
        Assert.True(weights[7] < weights[3], $"w[7] = {weights[7]:0.000}, w[3] = {weights[3]:0.000}");
        Assert.All(Enumerable.Range(70, Dimension - 70), i => Assert.Equal(0f, weights[i]));
        // With the correction, a row like the clean ones with feature 7 scores clean.
        Assert.True(2 + weights[7] + weights[20] + bias < 0);
    }

    [Fact]
    public void A_strong_l2_keeps_the_correction_near_zero_so_the_offset_decides()
    {
        var rows = Enumerable.Range(0, 200)
            .Select(i => Row([i % 10], offset: i % 2 == 0 ? 3 : -3, label: i % 2 == 0 ^ i % 7 == 0))
            .ToList();

        var (weak, _) = OffsetLogisticRegression.Fit(rows, Dimension, l2: 0.01);
        var (strong, _) = OffsetLogisticRegression.Fit(rows, Dimension, l2: 10_000);

        Assert.True(strong.Max(MathF.Abs) < 0.01f, $"largest |w| with a strong L2: {strong.Max(MathF.Abs):0.0000}");
        Assert.True(weak.Max(MathF.Abs) > 10 * strong.Max(MathF.Abs));
    }

    [Fact]
    public void The_same_rows_give_the_same_weights_to_the_bit()
    {
        var rows = Enumerable.Range(0, 300).Select(i => Row([i % 13, 13 + i % 17], offset: (i % 5) - 2, label: i % 3 == 0)).ToList();

        var first = OffsetLogisticRegression.Fit(rows, Dimension, l2: 0.3);
        var second = OffsetLogisticRegression.Fit(rows, Dimension, l2: 0.3);

        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.Bias, second.Bias);
    }

    private static OffsetLogisticRegression.Row Row(int[] features, double offset, bool label) =>
        new(features, features.Select(_ => 1f).ToArray(), offset, label, 1);
}
