using Moderation.Classifiers.Evaluation;

namespace Moderation.Classifiers.Tests.Evaluation;

public sealed class ModelComparisonTests
{
    private static ModelScorecard Card(double auc, double? precisionAtReject, int rejected = 10) =>
        new() { Version = "v", RocAuc = auc, PrecisionAtReject = precisionAtReject, Rejected = precisionAtReject is null ? 0 : rejected };

    [Fact]
    public void At_the_same_auc_a_challenger_calibrated_to_the_site_wins_and_one_that_holds_less_does_not()
    {
        var champion = Card(0.99, null) with { CalibrationErrorAtRate = 0.23, RecallAtHold = 1.0 };

        var (decision, reason) = ModelComparer.Decide(champion, Card(0.99, 1.0) with { CalibrationErrorAtRate = 0.09, RecallAtHold = 1.0 }, 0.01, 40, 160);

        Assert.Equal(ComparisonDecision.ChallengerWins, decision);
        Assert.Contains("calibration error", reason, StringComparison.Ordinal);
        Assert.Equal(ComparisonDecision.Undecided, ModelComparer.Decide(champion, Card(0.99, null) with { CalibrationErrorAtRate = 0.20, RecallAtHold = 1.0 }, 0.01, 40, 160).Decision);
        Assert.Equal(ComparisonDecision.Undecided, ModelComparer.Decide(champion, Card(0.99, null) with { CalibrationErrorAtRate = 0.09, RecallAtHold = 0.80 }, 0.01, 40, 160).Decision);
    }

    [Fact]
    public void The_challenger_wins_by_the_margin_on_auc_when_it_rejects_as_precisely()
    {
        var (decision, reason) = ModelComparer.Decide(Card(0.850, 0.95), Card(0.865, 0.95), margin: 0.01, heldOutPositives: 40, heldOutNegatives: 160);

        Assert.Equal(ComparisonDecision.ChallengerWins, decision);
        Assert.Contains("+0.0150", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_better_auc_does_not_win_when_the_challenger_rejects_less_precisely()
    {
        var (decision, reason) = ModelComparer.Decide(Card(0.850, 1.0), Card(0.900, 0.93), margin: 0.01, heldOutPositives: 40, heldOutNegatives: 160);

        Assert.Equal(ComparisonDecision.ChampionStays, decision);
        Assert.Contains("less precisely", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_champion_stays_when_the_challenger_is_worse_by_the_margin()
    {
        Assert.Equal(ComparisonDecision.ChampionStays, ModelComparer.Decide(Card(0.870, 0.95), Card(0.855, 0.97), 0.01, 40, 160).Decision);
    }

    [Fact]
    public void A_difference_inside_the_margin_is_undecided()
    {
        Assert.Equal(ComparisonDecision.Undecided, ModelComparer.Decide(Card(0.850, 0.95), Card(0.858, 0.96), 0.01, 40, 160).Decision);
        Assert.Equal(ComparisonDecision.ChallengerWins, ModelComparer.Decide(Card(0.850, 0.95), Card(0.858, 0.96), 0.005, 40, 160).Decision);
    }

    [Fact]
    public void Too_few_held_out_labels_of_a_class_are_undecided_however_large_the_difference()
    {
        var (decision, reason) = ModelComparer.Decide(Card(0.60, 0.9), Card(0.95, 1.0), 0.01, heldOutPositives: 9, heldOutNegatives: 300);

        Assert.Equal(ComparisonDecision.Undecided, decision);
        Assert.Contains("9 positive", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_rejects_nothing_has_no_precision_to_lose_but_against_it_every_rejection_must_be_right()
    {
        Assert.Equal(ComparisonDecision.ChallengerWins, ModelComparer.Decide(Card(0.85, 0.97), Card(0.88, null), 0.01, 40, 160).Decision);
        Assert.Equal(ComparisonDecision.ChampionStays, ModelComparer.Decide(Card(0.85, null), Card(0.88, 0.96), 0.01, 40, 160).Decision);
        Assert.Equal(ComparisonDecision.ChallengerWins, ModelComparer.Decide(Card(0.85, null), Card(0.88, 1.0), 0.01, 40, 160).Decision);
    }
}
