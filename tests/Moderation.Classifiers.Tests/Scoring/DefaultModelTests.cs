using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.Scoring;

/// <summary>Known failures of earlier default models on ordinary comments, kept from coming back.</summary>
public sealed class DefaultModelTests
{
    [Theory]
    [InlineData("I changed my mind, nice article.")]
    [InlineData("My brother read this and changed his mind too.")]
    [InlineData("I'll phone you after the match, my battery is nearly dead.")]
    public void The_default_spam_model_does_not_hold_a_short_personal_comment(string comment)
    {
        var model = Fixtures.DefaultModel("spam");

        var probability = model.Probability(TextNormalizer.Normalize(comment));

        Assert.True(probability < model.Metadata.Thresholds.Hold, $"spam {probability:0.000} ≥ hold {model.Metadata.Thresholds.Hold}");
    }

    [Theory]
    [InlineData("spam")]
    [InlineData("toxicity")]
    public void The_default_models_calibration_is_not_a_step(string task)
    {
        // Calibrated on corpus categories the fold model never saw (grouped folds). With random folds over
        // template text every fold scores 1.000 and Platt's sigmoid became a step: two logit units took a
        // comment from 0.39 to 0.999 spam (a slope of about 3.7 calibrated logits per model logit).
        var model = Fixtures.DefaultModel(task);
        var calibration = model.Metadata.Calibration;

        Assert.True(model.Metadata.TrainerSettings.GroupedFolds);
        Assert.InRange(calibration.A, 0.25, 2.5);
    }
}
