using System.Text.Json;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.ModelFiles;

public sealed class ModelFileTests
{
    [Fact]
    public void A_saved_model_round_trips_with_its_metadata_and_scores()
    {
        using var dir = new TempDirectory();
        var model = Fixtures.DefaultModel("toxicity");
        var path = dir.File("copy.zip");

        ModelFile.Save(model, path);
        var loaded = ModelFile.Load(path);

        Assert.Equal(JsonSerializer.Serialize(model.Metadata, ModelFile.Json), JsonSerializer.Serialize(loaded.Metadata, ModelFile.Json));
        foreach (var row in Fixtures.Corpus("toxicity").Take(200))
        {
            var text = TextNormalizer.Normalize(row.Text);
            Assert.Equal(model.Probability(text), loaded.Probability(text));
        }
    }

    [Fact]
    public void Saving_leaves_no_temporary_file_behind()
    {
        using var dir = new TempDirectory();

        ModelFile.Save(Fixtures.DefaultModel("spam"), dir.File("spam.zip"));

        Assert.Equal(["spam.zip"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_with_a_clear_error()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("junk.zip"), "not a zip");

        Assert.ThrowsAny<InvalidDataException>(() => ModelFile.Load(dir.File("junk.zip")));
    }

    [Theory]
    [InlineData("spam")]
    [InlineData("toxicity")]
    public void The_default_models_say_what_they_are(string task)
    {
        var m = Fixtures.DefaultModel(task).Metadata;

        Assert.Equal(task, m.Task);
        Assert.Equal(DefaultModels.TrainingFiles(task).Select(f => Path.GetFileName(f)).ToList(), m.TrainingFiles);
        Assert.True(m.VocabularySize > 1000);
        Assert.InRange(m.Thresholds.Hold, 0.05, 0.95);
    }
}
