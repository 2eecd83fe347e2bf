using Moderation.Classifiers.Features;
using Moderation.Classifiers.ModelFiles;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.Training;

public sealed class WordVectorTrainingTests
{
    private static readonly string[] Insults = ["idiot", "moron", "clown", "fool", "loser", "dimwit"];
    private static readonly string[] Praise = ["lovely", "splendid", "grand", "superb", "charming", "brilliant"];

    /// <summary>Words the training rows never use, but the table places beside the ones they do.</summary>
    private const string UnseenInsult = "that buffoon again";

    private const string UnseenPraise = "that delightful again";

    /// <summary>
    /// Two source files whose classes differ only by one word, and each file with words of its own: n-grams trained on
    /// one file cannot know the other's words, the table can, because insults lie along one axis and praise along another.
    /// </summary>
    private static readonly IReadOnlyList<LabelledText> Rows = [.. File("a.tsv", Insults[..3], Praise[..3]), .. File("b.tsv", Insults[3..], Praise[3..])];

    private static readonly TrainingOptions Options = new() { Folds = 3, GroupedFolds = true, L2Candidates = [1] };

    private static readonly Lazy<LinearTextModel> WithVectors = new(() =>
        new TextModelTrainer(Options with { WordVectors = Table() }).Train("toxicity", Rows));

    private static readonly Lazy<LinearTextModel> NGramsOnly = new(() => new TextModelTrainer(Options).Train("toxicity", Rows));

    [Fact]
    public void A_word_no_training_row_used_scores_by_its_vector()
    {
        var insult = Normalise.Text(UnseenInsult);
        var praise = Normalise.Text(UnseenPraise);

        var withVectors = WithVectors.Value.Logit(insult) - WithVectors.Value.Logit(praise);
        var nGramsOnly = NGramsOnly.Value.Logit(insult) - NGramsOnly.Value.Logit(praise);

        Assert.True(withVectors > nGramsOnly + 0.5, $"logit gap with word vectors {withVectors:0.00}, n-grams only {nGramsOnly:0.00}");
        Assert.True(WithVectors.Value.Probability(insult) > 0.5 && WithVectors.Value.Probability(praise) < 0.5,
            $"p(insult) {WithVectors.Value.Probability(insult):0.000}, p(praise) {WithVectors.Value.Probability(praise):0.000}");
    }

    [Fact]
    public void The_block_is_described_in_the_metadata_and_in_the_file_format()
    {
        var metadata = WithVectors.Value.Metadata;

        Assert.Equal(ModelFile.WordVectorFormatVersion, metadata.FormatVersion);
        Assert.NotNull(metadata.WordVectors);
        Assert.Equal(Table().Sha256, metadata.WordVectors.Sha256);
        Assert.Equal(["a.tsv", "b.tsv"], metadata.WordVectors.HeldOutFiles);
        Assert.True(metadata.WordVectors.HeldOutAucWith > metadata.WordVectors.HeldOutAucWithout,
            $"on held-out files: {metadata.WordVectors.HeldOutAucWith} with, {metadata.WordVectors.HeldOutAucWithout} without");
        Assert.Null(NGramsOnly.Value.Metadata.WordVectors);
        Assert.Equal(1, NGramsOnly.Value.Metadata.FormatVersion);
    }

    [Fact]
    public void Vectors_that_add_nothing_on_a_held_out_file_are_left_out_of_the_model()
    {
        // Both files use every word: n-grams trained on one file rank the other perfectly.
        var rows = File("a.tsv", Insults, Praise).Concat(File("b.tsv", Insults, Praise)).ToList();

        var model = new TextModelTrainer(Options with { WordVectors = Table() }).Train("toxicity", rows);

        Assert.Null(model.Metadata.WordVectors);
        Assert.Equal(1, model.Metadata.FormatVersion);
    }

    [Fact]
    public void One_training_file_cannot_show_that_vectors_generalise_so_they_are_left_out()
    {
        var messages = new List<string>();
        var rows = Rows.Select(r => r with { Source = null }).ToList();

        var model = new TextModelTrainer(Options with { WordVectors = Table() }, progress: messages.Add).Train("toxicity", rows);

        Assert.Null(model.Metadata.WordVectors);
        Assert.Contains(messages, m => m.Contains("fewer than two scored source files", StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_with_word_vectors_scores_the_same_after_a_save_and_a_load()
    {
        using var stream = new MemoryStream();
        ModelFile.Write(WithVectors.Value, stream);
        stream.Position = 0;

        var loaded = ModelFile.Read(stream);

        Assert.Equivalent(WithVectors.Value.Metadata.WordVectors, loaded.Metadata.WordVectors, strict: true);
        foreach (var text in new[] { UnseenInsult, UnseenPraise, "that idiot again", "no known word here" })
        {
            Assert.Equal(WithVectors.Value.Logit(Normalise.Text(text)), loaded.Logit(Normalise.Text(text)));
        }

        // The table-backed score and the vectoriser's reference agree with the block in both.
        Assert.Equal(loaded.Logit(Normalise.Text(UnseenInsult)), loaded.VectorLogit(Normalise.Text(UnseenInsult)), 4);
    }

    [Fact]
    public void A_version_2_file_without_its_word_vectors_is_refused_with_a_clear_error()
    {
        using var stream = new MemoryStream();
        ModelFile.Write(WithVectors.Value, stream);
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word-vectors.bin")!.Delete();
        }

        stream.Position = 0;
        var refusal = Assert.Throws<InvalidDataException>(() => ModelFile.Read(stream));

        Assert.Contains("word-vectors.bin", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_correction_keeps_the_base_models_word_vectors()
    {
        var site = Enumerable.Range(0, 30).Select(i => new LabelledText($"s:c{i}:0", $"the {Praise[i % Praise.Length]} match report {i % 7}", false))
            .Concat(Enumerable.Range(0, 30).Select(i => new LabelledText($"s:a{i}:0", $"you {Insults[i % Insults.Length]} {i % 7}", true)))
            .ToList();
        var trainer = new SiteModelTrainer("toxicity", WithVectors.Value, new SiteTrainingOptions { MinimumPerClass = 20, Folds = 3, L2Candidates = [1] });

        var challenger = trainer.Train(site);

        Assert.Equal(WithVectors.Value.Metadata.WordVectors, challenger.Metadata.WordVectors);
        Assert.Equal(ModelFile.WordVectorFormatVersion, challenger.Metadata.FormatVersion);
        var insult = Normalise.Text(UnseenInsult);
        var praise = Normalise.Text(UnseenPraise);
        Assert.True(challenger.Logit(insult) - challenger.Logit(praise) > 0.5, $"{challenger.Logit(insult):0.00} against {challenger.Logit(praise):0.00}");
    }

    [Fact]
    public void The_builder_keeps_words_seen_often_enough_and_weighs_frequent_ones_less()
    {
        var asked = new List<string>();
        float[][] Encode(string[] words)
        {
            asked.AddRange(words);
            return words.Select(w => new float[] { w.Length, w[0], 1 }).ToArray();
        }

        var table = WordVectorBuilder.Build(["The cat sat", "the cat ran", "the dog"], Encode, dimensions: 3, minCount: 2, "fake");

        Assert.Equal(["the", "cat"], table.Words);
        Assert.Equal(["the", "cat"], asked);
        var the = table.Embed(Normalise.Text("the dog"));
        var cat = table.Embed(Normalise.Text("cat"));
        var both = table.Embed(Normalise.Text("the cat"));
        // "the" (3 of 8 words) weighs less than "cat" (2 of 8): the mix leans towards cat.
        Assert.True(Cosine(both, cat) > Cosine(both, the), $"cos(mix, cat) {Cosine(both, cat):0.000}, cos(mix, the) {Cosine(both, the):0.000}");
    }

    [Fact]
    public void Pca_finds_the_direction_of_largest_spread_and_gives_the_same_numbers_twice()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var along = (float)(random.NextDouble() * 10 - 5);
            return new[] { along, along, (float)(random.NextDouble() * 0.2 - 0.1) };
        }).ToArray();

        var projected = WordVectorBuilder.Pca(rows, 1);

        var mean = rows.Average(r => r[0]);
        for (var i = 0; i < rows.Length; i++)
        {
            // The first component is (1, 1, 0)/√2 up to the noise: the projection is the centred position along it.
            Assert.Equal((rows[i][0] - mean) * Math.Sqrt(2), projected[i][0], 0.1);
        }

        Assert.Equal(projected.SelectMany(p => p), WordVectorBuilder.Pca(rows, 1).SelectMany(p => p));
    }

    private static IEnumerable<LabelledText> File(string name, string[] insults, string[] praise) =>
        insults.SelectMany(w => Enumerable.Range(0, 6).Select(k => new LabelledText($"a-{w}-{k}", $"that {w} again", true, Source: name)))
            .Concat(praise.SelectMany(w => Enumerable.Range(0, 6).Select(k => new LabelledText($"c-{w}-{k}", $"that {w} again", false, Source: name))));

    private static double Cosine(float[] a, float[] b) =>
        a.Zip(b).Sum(p => (double)p.First * p.Second) / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));

    /// <summary>Insults (and "buffoon") near one axis, praise (and "delightful") near another, each word a little apart on its own axis.</summary>
    private static WordVectors Table()
    {
        string[] words = [.. Insults, "buffoon", .. Praise, "delightful", "that", "again"];
        var dimensions = words.Length + 3;
        var vectors = words.Select((w, i) =>
        {
            var v = new float[dimensions];
            v[Array.IndexOf(words, w) < Insults.Length + 1 ? 0 : w is "that" or "again" ? 2 : 1] = 1;
            v[3 + i] = 0.2f;
            return v;
        }).ToArray();
        return WordVectorBuilder.FromVectors(words, vectors, [.. words.Select(_ => 1f)], "test: insults and praise apart");
    }
}
