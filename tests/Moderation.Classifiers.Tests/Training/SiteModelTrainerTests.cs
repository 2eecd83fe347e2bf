using Moderation.Classifiers.Evaluation;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.Training;

public sealed class SiteModelTrainerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Small and quick: three folds over the site labels, two candidate L2s, twenty labels of a class suffice.</summary>
    private static readonly SiteTrainingOptions Quick = new() { MinimumPerClass = 20, Folds = 3, L2Candidates = [0.1, 1] };

    /// <summary>The base model: what the base data teaches, trained once for all the tests.</summary>
    private static readonly Lazy<LinearTextModel> Base = new(() =>
        new TextModelTrainer(new TrainingOptions { Folds = 3, L2Candidates = [0.3] }, new FixedTime(Noon)).Train("toxicity", BaseData.Rows()));

    [Fact]
    public void Refuses_to_train_with_fewer_than_the_minimum_labels_of_a_class_and_says_how_many_are_missing()
    {
        var labels = SiteData.Clean(60).Concat(SiteData.Abuse(20)).ToList();
        var trainer = new SiteModelTrainer("toxicity", Base.Value, Quick with { MinimumPerClass = 50 });

        var refusal = Assert.Throws<InsufficientLabelsException>(() => trainer.Train(labels));

        Assert.Contains("20 positive and 60 negative", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("30 more positive, 0 more negative", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_labels_of_one_comment_count_once_and_the_guard_rail_counts_them_once()
    {
        // Twenty-five abuse labels, but ten are the same comment decided again (clean, the last time).
        var abuse = SiteData.Abuse(25).ToList();
        var again = abuse.Take(10).Select(a => a with { Label = false }).ToList();
        var labels = abuse.Concat(SiteData.Clean(40)).Concat(again).ToList();

        var deduplicated = SiteModelTrainer.Deduplicate(labels);

        Assert.Equal(65, deduplicated.Count);
        Assert.Equal(15, deduplicated.Count(l => l.Label));
        Assert.Equal(again.Select(a => a.Id), deduplicated.TakeLast(10).Select(d => d.Id));
        Assert.Throws<InsufficientLabelsException>(() => SiteModelTrainer.EnsureEnough(deduplicated, 20));
    }

    [Fact]
    public void A_word_the_base_data_calls_abusive_but_the_site_uses_as_clean_jargon_stops_scoring_high()
    {
        var siteLabels = SiteData.Clean(60).Concat(SiteData.Abuse(60)).ToList();
        var jargon = Normalise.Text("florp ladder opens again this weekend");
        var baseOnly = Base.Value;

        var trainer = new SiteModelTrainer("toxicity", baseOnly, Quick, new FixedTime(Noon));
        var challenger = trainer.Train(siteLabels);

        // Without the site's labels the word decides: the test is only worth something if this holds.
        Assert.True(baseOnly.Probability(jargon) > 0.7, $"base-only model: {baseOnly.Probability(jargon):0.000}, challenger {challenger.Probability(jargon):0.000}");
        Assert.True(challenger.Probability(jargon) < 0.3, $"challenger: {challenger.Probability(jargon):0.000}");
        // It still knows abuse when it sees it.
        Assert.True(challenger.Probability(Normalise.Text("you pathetic idiot, nobody wants you here")) > 0.7);
    }

    [Fact]
    public void The_challenger_is_the_base_model_corrected_one_linear_model_over_its_features_that_names_what_the_site_taught()
    {
        var siteLabels = SiteData.Clean(60).Concat(SiteData.Abuse(60)).ToList();
        var trainer = new SiteModelTrainer("toxicity", Base.Value, Quick, new FixedTime(Noon));

        var challenger = trainer.Train(siteLabels);

        Assert.Equal(Base.Value.Metadata.VocabularySize, challenger.Metadata.VocabularySize);
        Assert.Equal($"base model {Base.Value.Metadata.Version}", challenger.Metadata.TrainingFiles[0]);
        Assert.Contains(trainer.ChosenL2, Quick.L2Candidates);
        Assert.Equal(Quick.L2Candidates.Count, trainer.CandidateAucs.Count);
        // The site taught that "florp" is clean: the correction's most negative n-grams say so.
        Assert.Contains(challenger.Metadata.TopNegativeFeatures.Take(10), f => f.Feature.Contains("florp", StringComparison.Ordinal));
        // The scoring table and the training-time vectoriser agree on the combined weights.
        var text = Normalise.Text("the florp season starts on friday, you clown");
        Assert.Equal(challenger.VectorLogit(text), challenger.Logit(text), 4);
    }

    [Fact]
    public void The_challenger_never_trains_on_the_newest_labels_it_is_compared_on()
    {
        // In time order; the first abuse label is decided again at the very end, so it belongs to the newest.
        var history = SiteData.Interleaved(60, 60).ToList();
        var first = history.First(h => h.Label);
        history.Add(first with { Label = false });
        var champion = Base.Value;
        var trainer = new SiteModelTrainer("toxicity", champion, Quick, new FixedTime(Noon));

        var (challenger, report) = SiteRetraining.Run("toxicity", trainer, champion, history, heldOutShare: 0.25, margin: 0.01, expectedRate: 0.05, Noon);

        var (training, heldOut) = ModelComparer.SplitByTime(history, 0.25);
        Assert.Equal(30, heldOut.Count);
        Assert.Empty(training.Select(t => t.Id).Intersect(heldOut.Select(h => h.Id)));
        Assert.Contains(heldOut, h => h.Id == first.Id && !h.Label);
        Assert.Equal(history.SkipLast(30).Select(h => h.Id).Where(id => id != first.Id), training.Select(t => t.Id));
        // The model's fingerprint is that of the base model and the older labels, nothing else.
        Assert.Equal(SiteModelTrainer.Fingerprint(champion, training), challenger.Metadata.TrainingDataSha256);
        Assert.Equal(training.Count, challenger.Metadata.TrainingRows);
        Assert.Equal((training.Count, heldOut.Count, heldOut[0].Id), (report.TrainingLabels, report.HeldOutLabels, report.HeldOutFromId));
    }

    [Fact]
    public void The_report_round_trips_through_json()
    {
        var card = new ModelScorecard { Version = "toxicity-site-abc", RocAuc = 0.91, PrecisionAtReject = null, Rejected = 0, CalibrationErrorAtRate = 0.02 };
        var report = new ModelComparison
        {
            Task = "toxicity",
            CreatedAt = Noon,
            TrainingLabels = 800,
            HeldOutLabels = 200,
            Champion = card with { Version = "toxicity-0fcb0d5f30-d93a61", RocAuc = 0.85 },
            Challenger = card,
            Decision = ComparisonDecision.ChallengerWins,
            Reason = "better",
        };

        var json = System.Text.Json.JsonSerializer.Serialize(report, ModelFile.Json);

        Assert.Contains("\"decision\": \"challengerWins\"", json, StringComparison.Ordinal);
        Assert.Equal(report, System.Text.Json.JsonSerializer.Deserialize<ModelComparison>(json, ModelFile.Json));
    }

    /// <summary>
    /// Base data where the made-up word "florp" appears only in abuse: any model of it learns the word as abusive.
    /// </summary>
    private static class BaseData
    {
        private static readonly string[] Insults = ["idiot", "moron", "loser", "clown", "fool", "imbecile"];
        private static readonly string[] Openings = ["you are a", "what a", "shut up you", "get lost you", "nobody likes you"];
        private static readonly string[] Topics = ["the council budget", "the new bridge", "the school meeting", "the train timetable", "the local election", "the weather"];
        private static readonly string[] Opinions = ["was well explained", "seems fair to me", "needs a closer look", "made my day", "is long overdue"];

        public static List<LabelledText> Rows()
        {
            var rows = new List<LabelledText>();
            var k = 0;
            foreach (var opening in Openings)
            {
                foreach (var insult in Insults)
                {
                    rows.Add(new LabelledText($"b-abuse-{k++}", $"{opening} florp {insult}", true));
                    rows.Add(new LabelledText($"b-abuse-{k++}", $"florp {insult}, {opening} florp", true));
                }
            }

            foreach (var topic in Topics)
            {
                foreach (var opinion in Opinions)
                {
                    rows.Add(new LabelledText($"b-clean-{k++}", $"{topic} {opinion}", false));
                    rows.Add(new LabelledText($"b-clean-{k++}", $"I think {topic} {opinion}, thanks for the article", false));
                }
            }

            return rows;
        }
    }

    /// <summary>A gaming forum whose readers say "florp" (a game mode) all the time, and abuse without it.</summary>
    private static class SiteData
    {
        private static readonly string[] Things = ["ladder", "season", "build", "patch", "queue", "tournament", "map pool", "ranking"];
        private static readonly string[] Remarks = ["is great fun", "starts on friday", "needs a balance pass", "was the best part of the week", "finally got fixed", "is where I met my team"];
        private static readonly string[] Insults = ["idiot", "moron", "loser", "clown", "fool", "imbecile", "waste of space", "pathetic troll"];
        private static readonly string[] Attacks = ["you are a", "uninstall, you", "go away you", "what a", "nobody asked you,"];

        public static IEnumerable<LabelledText> Clean(int count) =>
            Enumerable.Range(0, count).Select(i => new LabelledText($"site:c{i}:0", $"the florp {Things[i % Things.Length]} {Remarks[i / Things.Length % Remarks.Length]}", false));

        public static IEnumerable<LabelledText> Abuse(int count) =>
            Enumerable.Range(0, count).Select(i => new LabelledText($"site:a{i}:0", $"{Attacks[i % Attacks.Length]} {Insults[i / Attacks.Length % Insults.Length]}", true));

        public static IEnumerable<LabelledText> Interleaved(int clean, int abuse) =>
            Clean(clean).Zip(Abuse(abuse), (c, a) => new[] { c, a }).SelectMany(p => p);
    }
}
