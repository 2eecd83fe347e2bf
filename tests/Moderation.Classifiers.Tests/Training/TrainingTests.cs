using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.Training;

public sealed class TrainingTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Training_and_evaluation_on_a_small_fixture_are_deterministic()
    {
        var data = Fixtures.Sample("toxicity", 900);
        var first = new TextModelTrainer(Fixtures.Quick, new FixedTime(Noon)).Train("toxicity", data);
        var second = new TextModelTrainer(Fixtures.Quick, new FixedTime(Noon)).Train("toxicity", data);

        Assert.Equal(Bytes(first), Bytes(second));
        var heldOut = Fixtures.Corpus("toxicity").Skip(900).Take(300).ToList();
        Assert.Equal(Evaluator.Evaluate(first, heldOut, "held out").Summary, Evaluator.Evaluate(second, heldOut, "held out").Summary);
    }

    [Fact]
    public void The_model_version_follows_the_data_and_settings_not_the_clock()
    {
        var data = Fixtures.Sample("spam", 600);
        var first = new TextModelTrainer(Fixtures.Quick, new FixedTime(Noon)).Train("spam", data);
        var later = new TextModelTrainer(Fixtures.Quick, new FixedTime(Noon.AddDays(3))).Train("spam", data);
        var otherData = new TextModelTrainer(Fixtures.Quick, new FixedTime(Noon)).Train("spam", data.Skip(1).ToList());

        Assert.Equal(first.Metadata.Version, later.Metadata.Version);
        Assert.NotEqual(first.Metadata.Version, otherData.Metadata.Version);
        Assert.StartsWith("spam-", first.Metadata.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_records_the_training_data_fingerprint_trainer_thresholds_and_cross_validation()
    {
        var data = Fixtures.Sample("spam", 600);
        var model = new TextModelTrainer(Fixtures.Quick with { SourceFiles = ["some/dir/spam.tsv"] }, new FixedTime(Noon)).Train("spam", data);
        var m = model.Metadata;

        Assert.Equal("spam", m.Task);
        Assert.Equal(Noon, m.CreatedAt);
        Assert.Equal(LabelledData.Fingerprint(data), m.TrainingDataSha256);
        Assert.Equal(64, m.TrainingDataSha256.Length);
        Assert.Equal(["spam.tsv"], m.TrainingFiles);
        Assert.Equal(600, m.TrainingRows);
        Assert.Contains("Lbfgs", m.Trainer, StringComparison.Ordinal);
        Assert.Equal(0.3, m.TrainerSettings.L2Regularization);
        Assert.Equal(3, m.TrainerSettings.Folds);
        Assert.InRange(m.Thresholds.Hold, 0.0, 1.0);
        Assert.True(m.Thresholds.Reject >= m.Thresholds.Hold);
        Assert.Equal(600, m.CrossValidation.Rows);
        Assert.InRange(m.CrossValidation.RocAuc, 0.9, 1.0);
        Assert.NotEmpty(m.TopPositiveFeatures);
    }

    [Fact]
    public void Calibration_holds_on_a_held_out_part_of_the_corpus()
    {
        // Train on four fifths of the spam corpus; on the fifth it never saw, predicted probabilities
        // must match observed frequencies (expected calibration error over ten bins).
        var corpus = Fixtures.Corpus("spam");
        var folds = TextModelTrainer.StratifiedFolds(corpus.Select(r => r.Label).ToArray(), 5, 11);
        var train = corpus.Where((_, i) => folds[i] != 0).ToList();
        var heldOut = corpus.Where((_, i) => folds[i] == 0).ToList();
        var model = new TextModelTrainer(Fixtures.Quick).Train("spam", train);

        var report = Evaluator.Evaluate(model, heldOut, "held-out fifth");

        Assert.True(report.Summary.ExpectedCalibrationError < 0.03, $"ECE {report.Summary.ExpectedCalibrationError:0.000}");
        Assert.True(report.Summary.RocAuc > 0.98, $"AUC {report.Summary.RocAuc:0.000}");
    }

    [Fact]
    public void Training_refuses_data_without_both_classes()
    {
        var onlyClean = Fixtures.Corpus("spam").Where(r => !r.Label).Take(100).ToList();

        Assert.Throws<ArgumentException>(() => new TextModelTrainer(Fixtures.Quick).Train("spam", onlyClean));
    }

    [Fact]
    public void Naive_bayes_scaling_is_folded_into_the_weights_so_scores_match_training()
    {
        var data = Fixtures.Sample("toxicity", 900);
        var model = new TextModelTrainer(Fixtures.Quick with { NaiveBayesScaling = true }).Train("toxicity", data);

        Assert.True(model.Metadata.TrainerSettings.NaiveBayesScaling);
        Assert.True(model.Probability(TextNormalizer.Normalize("you are a pathetic moron")) > 0.5);
        Assert.True(model.Probability(TextNormalizer.Normalize("the bus timetable changes in March")) < 0.5);
    }

    private static byte[] Bytes(LinearTextModel model)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(model, stream);
        return stream.ToArray();
    }
}
