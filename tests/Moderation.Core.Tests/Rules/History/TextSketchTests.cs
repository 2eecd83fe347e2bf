using Moderation.Core.Normalisation;
using Moderation.Core.Rules.History;

namespace Moderation.Core.Tests.Rules.History;

public sealed class TextSketchTests
{
    private static TextSketch Sketch(string text) => TextSketch.From(TextNormalizer.Normalize(text), 1)!;

    [Fact]
    public void Finds_identical_texts_identical_whatever_their_case_spacing_or_leetspeak() =>
        Assert.Equal(1.0, Sketch("Free money for everyone who clicks here").Similarity(Sketch("FREE  m0ney for everyone who clicks here!!")));

    [Fact]
    public void Finds_a_small_change_similar_and_an_unrelated_text_not()
    {
        const string text = "I made five thousand dollars last week working from home on my laptop, ask me how it works";
        var near = Sketch(text).Similarity(Sketch(text.Replace("laptop", "computer", StringComparison.Ordinal)));
        var far = Sketch(text).Similarity(Sketch("The council voted on the housing plan last week and the mayor spoke about rents"));

        Assert.InRange(near, 0.7, 1.0);
        Assert.InRange(far, 0.0, 0.2);
    }

    [Fact]
    public void Round_trips_through_bytes_for_a_store()
    {
        var sketch = Sketch("some text to keep in a database row");

        var back = TextSketch.FromBytes(sketch.ToBytes());

        Assert.Equal(1.0, sketch.Similarity(back));
        Assert.Equal(sketch.BandKeys(), back.BandKeys());
    }

    [Fact]
    public void Gives_no_sketch_for_texts_shorter_than_the_minimum() =>
        Assert.Null(TextSketch.From(TextNormalizer.Normalize("thanks a lot"), 4));
}
