using Moderation.Classifiers.Features;
using Moderation.Classifiers.Training;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.Features;

public sealed class WordVectorsTests
{
    /// <summary>Three words on three axes; "the" is frequent and weighs a tenth of the others.</summary>
    private static readonly WordVectors Axes = WordVectorBuilder.FromVectors(
        ["the", "idiot", "bridge"],
        [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
        [0.1f, 1, 1],
        "test axes");

    [Fact]
    public void A_comment_is_the_unit_length_weighted_mean_of_its_known_words()
    {
        var vector = new float[3];

        var known = Axes.Embed(TextNormalizer.Normalize("The IDIOT, the bridge and a zebra"), vector);

        // the ×2 at weight 0.1, idiot and bridge at 1; "and", "a", "zebra" are unknown.
        Assert.Equal(4, known);
        var expected = new[] { 0.2, 1, 1 };
        var norm = Math.Sqrt(expected.Sum(x => x * x));
        for (var d = 0; d < 3; d++)
        {
            Assert.Equal(expected[d] / norm, vector[d], 1e-5);
        }
    }

    [Fact]
    public void Words_are_read_from_the_folded_text_so_disguised_spellings_find_their_vector()
    {
        var vector = Axes.Embed(TextNormalizer.Normalize("1d10t"));

        Assert.Equal([0f, 1f, 0f], vector);
    }

    [Fact]
    public void A_comment_without_a_known_word_has_the_zero_vector()
    {
        var vector = new float[3];

        var known = Axes.Embed(TextNormalizer.Normalize("zebra crossing!"), vector);

        Assert.Equal(0, known);
        Assert.All(vector, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void A_table_round_trips_through_its_file_to_the_same_bytes_and_vectors()
    {
        var table = WordVectorBuilder.FromVectors(["alpha", "beta"], [[0.5f, -0.25f], [-1, 0.125f]], [1, 0.5f], "round trip");
        using var stream = new MemoryStream();
        table.Write(stream);
        stream.Position = 0;

        var read = WordVectors.Read(stream);

        Assert.Equal(table.Sha256, read.Sha256);
        Assert.Equal(["alpha", "beta"], read.Words);
        Assert.Equal("round trip", read.Source);
        var text = TextNormalizer.Normalize("alpha beta");
        Assert.Equal(table.Embed(text), read.Embed(text));
    }

    [Fact]
    public void A_file_that_is_not_a_table_or_ends_early_is_refused_with_a_clear_error()
    {
        var notATable = Assert.Throws<InvalidDataException>(() => WordVectors.Read(new MemoryStream("hello world"u8.ToArray())));
        Assert.Contains("MWV1", notATable.Message, StringComparison.Ordinal);

        using var stream = new MemoryStream();
        Axes.Write(stream);
        var truncated = stream.ToArray()[..^2];
        var early = Assert.Throws<InvalidDataException>(() => WordVectors.Read(new MemoryStream(truncated)));
        Assert.Contains("ends", early.Message, StringComparison.Ordinal);
    }
}
