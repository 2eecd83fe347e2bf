using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Scoring;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.Scoring;

public sealed class ModelClassifierTests
{
    [Fact]
    public void Concurrent_scoring_from_many_threads_equals_sequential_scoring()
    {
        using var classifier = new ModelClassifier(ClassifierOptions.Default("toxicity") with { Watch = false, ExplainFrom = 0 });
        var texts = Fixtures.Corpus("toxicity").Take(1500).Select(r => TextNormalizer.Normalize(r.Text)).ToArray();
        var sequential = texts.Select(t => Describe(classifier, t)).ToArray();

        var concurrent = new string[texts.Length];
        Parallel.For(0, texts.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 16 }, k =>
        {
            var i = k % texts.Length;
            var result = Describe(classifier, texts[i]);
            concurrent[i] = result;
            Assert.Equal(sequential[i], result);
        });

        Assert.Equal(sequential, concurrent);
    }

    [Fact]
    public void Is_not_ready_until_a_model_file_loads()
    {
        using var dir = new TempDirectory();
        var path = dir.File("spam.zip");
        using var classifier = new ModelClassifier(new ClassifierOptions { Task = "spam", ModelPath = path, Watch = false, PollInterval = TimeSpan.Zero });

        Assert.False(classifier.IsLoaded);
        Assert.Null(classifier.Score(TextNormalizer.Normalize("hello"), Fixtures.Site));
        Assert.NotNull(classifier.LastError);

        File.Copy(Fixtures.DefaultModelPath("spam"), path);
        Assert.True(classifier.Reload());
        Assert.True(classifier.IsLoaded);
        Assert.Null(classifier.LastError);
        Assert.NotNull(classifier.Score(TextNormalizer.Normalize("hello"), Fixtures.Site));
    }

    [Fact]
    public void Hot_swap_picks_up_a_new_model_file_without_a_restart()
    {
        using var dir = new TempDirectory();
        var path = dir.File("spam.zip");
        File.Copy(Fixtures.DefaultModelPath("spam"), path);
        using var classifier = new ModelClassifier(new ClassifierOptions { Task = "spam", ModelPath = path, PollInterval = TimeSpan.FromMilliseconds(200) });
        var before = classifier.Metadata!.Version;

        ModelFile.Save(Renamed(Fixtures.DefaultModel("spam"), "spam-swapped"), path);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (classifier.Metadata!.Version == before && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.Equal("spam-swapped", classifier.Metadata.Version);
        Assert.Equal("spam-swapped", classifier.Score(TextNormalizer.Normalize("cheap watches at www.x.biz"), Fixtures.Site)!.ModelVersion);
    }

    [Fact]
    public void A_broken_replacement_file_keeps_the_previous_model()
    {
        using var dir = new TempDirectory();
        var path = dir.File("spam.zip");
        File.Copy(Fixtures.DefaultModelPath("spam"), path);
        using var classifier = new ModelClassifier(new ClassifierOptions { Task = "spam", ModelPath = path, Watch = false, PollInterval = TimeSpan.Zero });
        var version = classifier.Metadata!.Version;

        File.WriteAllText(path, "truncated");

        Assert.False(classifier.Reload());
        Assert.True(classifier.IsLoaded);
        Assert.Equal(version, classifier.Metadata!.Version);
        Assert.NotNull(classifier.LastError);
    }

    [Fact]
    public void A_model_file_for_another_task_is_refused()
    {
        using var classifier = new ModelClassifier(new ClassifierOptions { Task = "spam", ModelPath = Fixtures.DefaultModelPath("toxicity"), Watch = false, PollInterval = TimeSpan.Zero });

        Assert.False(classifier.IsLoaded);
        Assert.Contains("toxicity", classifier.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_below_explain_from_skip_the_explanation_and_high_scores_carry_it()
    {
        using var classifier = new ModelClassifier(ClassifierOptions.Default("toxicity") with { Watch = false, ExplainFrom = 0.2 });

        var clean = classifier.Score(TextNormalizer.Normalize("Lovely photos, which lens did you use?"), Fixtures.Site)!;
        var abusive = classifier.Score(TextNormalizer.Normalize("shut up you brainless moron"), Fixtures.Site)!;

        Assert.True(clean.Probability < 0.2);
        Assert.Empty(clean.Explanation);
        Assert.True(abusive.Probability > 0.5);
        Assert.NotEmpty(abusive.Explanation);
    }

    private static string Describe(ModelClassifier classifier, NormalizedText text)
    {
        var r = classifier.Score(text, Fixtures.Site)!;
        return $"{r.Probability:R}|{r.ModelVersion}|{string.Join(";", r.Explanation.Select(e => $"{e.Text}@{e.Start}:{e.Detail}"))}";
    }

    private static LinearTextModel Renamed(LinearTextModel model, string version) =>
        new(model.Metadata with { Version = version }, model.Vocabulary, model.Weights, model.Bias);
}
