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
    public void A_training_file_of_one_class_trains_beside_others_and_is_left_out_of_the_per_file_score()
    {
        // Seen in use: a file of negatives only beside a mixed one ran every fold and then failed on an empty
        // sequence, because its AUC is undefined and poisoned the per-file mean.
        var mixed = Fixtures.Sample("toxicity", 600).Select(r => r with { Source = "mixed.tsv" });
        var negatives = Fixtures.Corpus("toxicity").Skip(600).Where(r => !r.Label).Take(200).Select(r => r with { Source = "negatives.tsv" });
        var messages = new List<string>();

        var model = new TextModelTrainer(Fixtures.Quick, progress: messages.Add).Train("toxicity", mixed.Concat(negatives).ToList());

        Assert.InRange(model.Metadata.CrossValidation.RocAuc, 0.8, 1.0);
        Assert.Contains(messages, m => m.StartsWith("negatives.tsv holds only negative rows", StringComparison.Ordinal));
        Assert.False(double.IsNaN(TextModelTrainer.SelectionAuc([0.9, 0.1, 0.2, 0.3], [true, false, false, false], ["a", "a", "b", "b"])));
        Assert.Equal(1.0, TextModelTrainer.SelectionAuc([0.9, 0.1, 0.2, 0.3], [true, false, false, false], ["a", "a", "b", "b"]));
    }

    [Fact]
    public void Metadata_records_the_training_prior_and_an_operating_curve_from_the_out_of_fold_scores()
    {
        var data = Fixtures.Sample("spam", 600);
        var m = new TextModelTrainer(Fixtures.Quick).Train("spam", data).Metadata;

        Assert.Equal(Math.Round(data.Count(d => d.Label) / 600.0, 6), m.TrainingPrior);
        var curve = m.OperatingCurve!;
        Assert.Equal(curve.Thresholds.Count, curve.TruePositiveRates.Count);
        Assert.Equal(curve.Thresholds.Count, curve.FalsePositiveRates.Count);
        Assert.Equal(curve.Thresholds.OrderByDescending(t => t), curve.Thresholds);
        Assert.Equal(curve.TruePositiveRates.Order(), curve.TruePositiveRates);
        Assert.Equal(1.0, curve.TruePositiveRates[^1]);
        Assert.Equal(1.0, curve.FalsePositiveRates[^1]);
        // The curve agrees with the cross-validation figures at the recorded hold threshold.
        var k = Enumerable.Range(0, curve.Thresholds.Count).Last(i => curve.Thresholds[i] >= m.Thresholds.Hold);
        Assert.InRange(curve.TruePositiveRates[k], m.CrossValidation.Recall - 0.05, m.CrossValidation.Recall + 0.001);
    }

    [Fact]
    public void An_unscored_file_trains_but_its_rows_set_neither_the_prior_nor_the_thresholds()
    {
        // "written.tsv" is almost all positive: were it scored, the prior would be far above the real file's.
        var real = Fixtures.Sample("spam", 600).Select(r => r with { Source = "real.tsv" }).ToList();
        var written = Fixtures.Corpus("spam").Skip(600).Where(r => r.Label).Take(400)
            .Append(new LabelledText("w-clean-0", "thanks for the clear write-up", false)).Append(new LabelledText("w-clean-1", "see you at the match", false))
            .Select(r => r with { Source = "written.tsv" }).ToList();
        var options = Fixtures.Quick with { UnscoredSources = ["written.tsv"] };

        var scored = new TextModelTrainer(options).Train("spam", real.Concat(written).ToList()).Metadata;
        var all = new TextModelTrainer(Fixtures.Quick).Train("spam", real.Concat(written).ToList()).Metadata;

        Assert.Equal(Math.Round(real.Count(d => d.Label) / (double)real.Count, 6), scored.TrainingPrior);
        Assert.Equal(Math.Round(real.Concat(written).Count(d => d.Label) / (double)(real.Count + written.Count), 6), all.TrainingPrior);
        Assert.Equal(real.Count, scored.CrossValidation.Rows);
        Assert.Equal(["written.tsv"], scored.TrainerSettings.UnscoredSources!);
        Assert.Null(all.TrainerSettings.UnscoredSources);
        // A different setting, so a different version, over the same rows.
        Assert.Equal(all.TrainingDataSha256, scored.TrainingDataSha256);
        Assert.NotEqual(all.Version, scored.Version);
    }

    [Fact]
    public void Intercepts_per_file_keep_the_n_grams_from_learning_which_file_a_comment_came_from()
    {
        // Within each file "bad" decides the label, and "qz" (a file's house style) is in half of a.tsv's rows of each
        // class, so it says nothing within the file; but a.tsv is 80 % positive and b.tsv 20 %, so pooled, "qz" looks toxic.
        var fillers = new[] { "today", "again", "here", "now", "then", "still", "really", "truly" };
        var rows = new List<LabelledText>();
        for (var k = 0; k < 40; k++)
        {
            var filler = $"{fillers[k % 8]} {fillers[k / 8 % 8]}";
            var positiveInA = k < 32;
            rows.Add(new LabelledText($"a-{k}", $"{(k % 2 == 0 ? "qz " : "")}{filler} {(positiveInA ? "bad" : "fine")}", positiveInA, Source: "a.tsv"));
            rows.Add(new LabelledText($"b-{k}", $"{filler} {(k < 8 ? "bad" : "fine")}", k < 8, Source: "b.tsv"));
        }

        var options = new TrainingOptions { Folds = 3, L2Candidates = [0.1], Members = [new EnsembleMember("plain")] };
        var pooled = new TextModelTrainer(options).Train("toxicity", rows);
        var perFile = new TextModelTrainer(options with { SourceIntercepts = true }).Train("toxicity", rows);
        double StyleGap(LinearTextModel model) => model.Logit(Normalise.Text("qz today now fine")) - model.Logit(Normalise.Text("today now fine"));

        Assert.True(StyleGap(pooled) > 0.3, $"without intercepts the house style adds {StyleGap(pooled):0.000} to the logit");
        Assert.True(Math.Abs(StyleGap(perFile)) < StyleGap(pooled) / 3, $"with intercepts {StyleGap(perFile):0.000}, without {StyleGap(pooled):0.000}");
        Assert.True(perFile.Logit(Normalise.Text("today now bad")) > perFile.Logit(Normalise.Text("today now fine")) + 1);
        Assert.True(perFile.Metadata.TrainerSettings.SourceIntercepts);
        Assert.Null(pooled.Metadata.TrainerSettings.SourceIntercepts);
        Assert.NotEqual(pooled.Metadata.Version, perFile.Metadata.Version);
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

    [Fact]
    public void A_stack_of_members_folds_into_one_linear_model_that_round_trips()
    {
        var data = Fixtures.Sample("toxicity", 900);
        var options = Fixtures.Quick with { Members = [EnsembleMember.Parse("plain"), EnsembleMember.Parse("chars"), EnsembleMember.Parse("nb+words")] };
        var model = new TextModelTrainer(options, new FixedTime(Noon)).Train("toxicity", data);

        var ensemble = model.Metadata.TrainerSettings.Ensemble;
        Assert.Equal(["plain", "chars", "nb+words"], ensemble.Select(m => m.Name));
        Assert.Contains(ensemble, m => m.StackWeight != 0);
        Assert.All(ensemble, m => Assert.InRange(m.OutOfFoldAuc, 0.5, 1.0));
        using var stream = new MemoryStream(Bytes(model));
        var loaded = ModelFile.Read(stream);
        foreach (var comment in new[] { "you are a pathetic moron", "the bus timetable changes in March" })
        {
            var text = TextNormalizer.Normalize(comment);
            Assert.Equal(model.Probability(text), loaded.Probability(text), 6);
        }

        Assert.True(loaded.Probability(TextNormalizer.Normalize("you are a pathetic moron")) > 0.5);
    }

    [Fact]
    public void Per_file_members_train_on_their_own_file_and_are_named_after_it()
    {
        var corpus = Fixtures.Sample("toxicity", 1200);
        var data = corpus.Select((r, i) => r with { Source = i % 2 == 0 ? "even.tsv" : "odd.tsv" }).ToList();
        var options = Fixtures.Quick with { Members = [EnsembleMember.Parse("plain"), EnsembleMember.Parse("per-file")] };
        var model = new TextModelTrainer(options).Train("toxicity", data);

        Assert.Equal(["plain", "per-file@even.tsv", "per-file@odd.tsv"], model.Metadata.TrainerSettings.Ensemble.Select(m => m.Name));
        Assert.Equal([null, "even.tsv", "odd.tsv"], model.Metadata.TrainerSettings.Ensemble.Select(m => m.OnlySource));
    }

    [Fact]
    public void Ensemble_members_parse_from_their_modifiers_and_reject_unknown_ones()
    {
        var member = EnsembleMember.Parse("nb+unweighted+c=2");

        Assert.True(member.NaiveBayes);
        Assert.True(member.IgnoreRowWeights);
        Assert.Equal(2, member.CharBlockScale);
        Assert.Equal(1, member.WordBlockScale);
        Assert.Equal(0, EnsembleMember.Parse("chars").WordBlockScale);
        Assert.Throws<ArgumentException>(() => EnsembleMember.Parse("nb+svm"));
    }

    [Fact]
    public void Grouped_folds_keep_every_corpus_category_in_one_fold()
    {
        var corpus = Fixtures.Corpus("spam");
        var groups = corpus.Select(r => TextModelTrainer.GroupOf(r.Id)).ToArray();
        var labels = corpus.Select(r => r.Label).ToArray();

        var folds = TextModelTrainer.GroupedFolds(groups, labels, 5, 3);

        Assert.Equal("s-spam_seo", TextModelTrainer.GroupOf("s-spam_seo-0042"));
        Assert.Equal("video7", TextModelTrainer.GroupOf("video7:Ab-cd-ef"));
        Assert.Equal("sms0042", TextModelTrainer.GroupOf("sms0042"));
        Assert.Equal("civil-239607", TextModelTrainer.GroupOf("civil-239607"));
        Assert.Equal("toxigen-hate_asian", TextModelTrainer.GroupOf("toxigen-hate_asian-0"));
        Assert.All(Enumerable.Range(0, groups.Length).GroupBy(i => groups[i]), g => Assert.Single(g.Select(i => folds[i]).Distinct()));
        Assert.All(Enumerable.Range(0, 5), f =>
        {
            Assert.Contains(Enumerable.Range(0, labels.Length), i => folds[i] == f && labels[i]);
            Assert.Contains(Enumerable.Range(0, labels.Length), i => folds[i] == f && !labels[i]);
        });
    }

    private static byte[] Bytes(LinearTextModel model)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(model, stream);
        return stream.ToArray();
    }
}
