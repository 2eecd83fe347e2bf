using Moderation.Classifiers.Spans;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.Spans;

public sealed class SpanTrainingTests
{
    /// <summary>Hand-written posts with the offsets of their abusive words (code points, as the task's files count).</summary>
    private static List<SpanPost> Posts()
    {
        string[] insults = ["idiot", "moron", "clown", "loser", "fool"];
        string[] frames = ["you are an {0} and you know it", "only a {0} would write this", "what a {0}, honestly", "the {0} in charge should resign", "{0}! read the article first"];
        var posts = new List<SpanPost>();
        var n = 0;
        foreach (var frame in frames)
        {
            foreach (var insult in insults)
            {
                var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, frame, insult);
                var start = text.IndexOf(insult, StringComparison.Ordinal);
                posts.Add(new SpanPost($"p{n++}", text, Enumerable.Range(start, insult.Length).ToHashSet()));
            }
        }

        return posts;
    }

    private static SpanTrainingOptions Quick => new() { Folds = 3, Epochs = 20, LearningRate = 0.3, MinCount = 1, Floor = 0 };

    [Fact]
    public void Training_twice_on_the_same_posts_gives_the_same_bytes()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        SpanModelFile.Write(new SpanTrainer(Quick).Train(Posts(), ["posts.tsv"]), first);
        SpanModelFile.Write(new SpanTrainer(Quick).Train(Posts(), ["posts.tsv"]), second);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void A_trained_model_survives_its_file_and_marks_what_it_learnt()
    {
        var lexicon = new List<LabelledText> { new("a", "what an idiot", true), new("b", "what a day", false) };
        var model = new SpanTrainer(Quick).Train(Posts(), ["posts.tsv"], lexicon);
        using var file = new MemoryStream();
        SpanModelFile.Write(model, file);
        file.Position = 0;
        var loaded = SpanModelFile.Read(file);

        var text = TextNormalizer.Normalize("honestly, you are a moron");
        Assert.Equal(model.Metadata.Version, loaded.Metadata.Version);
        Assert.Equal(model.Evidence(text), loaded.Evidence(text));
        Assert.Equal("moron", Assert.Single(loaded.Evidence(text)).Text);
        Assert.True(model.Metadata.CrossValidatedF1 > 0.5, $"{model.Metadata.CrossValidatedF1}");
    }

    [Fact]
    public void A_file_for_another_task_is_refused()
    {
        using var file = new MemoryStream();
        Moderation.Classifiers.ModelFiles.ModelFile.Write(Fixtures.DefaultModel("toxicity"), file);
        file.Position = 0;

        Assert.Throws<InvalidDataException>(() => SpanModelFile.Read(file));
    }

    [Fact]
    public void Span_data_reads_json_texts_with_line_breaks_and_their_offsets()
    {
        using var dir = new TempDirectory();
        var path = dir.File("spans.tsv");
        File.WriteAllText(path, "id\ttext\tspans\nx1\t\"first line\\nyou idiot\"\t[15, 16, 17, 18, 19]\nx2\t\"fine\"\t[]\n");

        var posts = SpanData.Read(path);

        Assert.Equal(2, posts.Count);
        Assert.Equal("first line\nyou idiot", posts[0].Text);
        Assert.Equal("idiot", posts[0].Text.Substring(posts[0].Gold.Min(), posts[0].Gold.Count));
        Assert.Empty(posts[1].Gold);
    }
}
