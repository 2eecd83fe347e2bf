using Moderation.Core.Classification;

namespace Moderation.Core.Tests.Classification;

public sealed class PriorShiftTests
{
    [Theory]
    [InlineData(0.5, 0.5, 0.05)]
    [InlineData(0.9, 0.57, 0.05)]
    [InlineData(0.2, 0.3, 0.02)]
    [InlineData(0.01, 0.1, 0.5)]
    public void Moves_the_logit_by_the_difference_of_the_two_priors_logits(double p, double from, double to)
    {
        var shifted = PriorShift.Apply(p, from, to);

        var expected = Math.Log(to / (1 - to)) - Math.Log(from / (1 - from));
        Assert.Equal(expected, PriorShift.Logit(shifted) - PriorShift.Logit(p), 9);
    }

    [Fact]
    public void An_even_score_from_balanced_training_becomes_the_sites_rate()
    {
        Assert.Equal(0.05, PriorShift.Apply(0.5, 0.5, 0.05), 12);
        Assert.Equal(0.8, PriorShift.Apply(0.8, 0.3, 0.3));
    }

    [Fact]
    public void A_known_logit_shifts_by_the_expected_amount()
    {
        // Trained at 57 % positive, scored for a site at 5 %: logit 2 becomes 2 + ln(0.05/0.95) − ln(0.57/0.43).
        var p = PriorShift.Sigmoid(2);

        var shifted = PriorShift.Apply(p, 0.57, 0.05);

        Assert.Equal(2 - 2.9444389792 - 0.2818511521, PriorShift.Logit(shifted), 8);
        Assert.Equal(0.2268, shifted, 4);
    }

    [Fact]
    public void Keeps_the_order_of_scores_and_stays_inside_zero_and_one()
    {
        double[] ps = [0, 1e-9, 0.01, 0.3, 0.7, 0.999, 1];
        var shifted = ps.Select(p => PriorShift.Apply(p, 0.6, 0.05)).ToArray();

        Assert.Equal(shifted.Order(), shifted);
        Assert.All(shifted, p => Assert.InRange(p, 0, 1));
        Assert.True(shifted[^1] < 1, "a certain 1 stays below 1 after the shift down");
    }
}
