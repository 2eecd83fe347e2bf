using Moderation.Classifiers.Evaluation;
using Moderation.Contracts;

namespace Moderation.Classifiers.Tests.Evaluation;

public sealed class SpanMetricTests
{
    [Fact]
    public void A_post_with_no_gold_and_no_prediction_scores_one()
    {
        Assert.Equal(1.0, SpanMetric.F1([], []));
    }

    [Fact]
    public void A_post_where_exactly_one_side_is_empty_scores_zero()
    {
        Assert.Equal(0.0, SpanMetric.F1([3, 4, 5], []));
        Assert.Equal(0.0, SpanMetric.F1([], [3, 4, 5]));
    }

    [Fact]
    public void Partial_overlap_scores_twice_the_overlap_over_both_sizes()
    {
        // Predicted 0..4, gold 2..6: three shared offsets of five and five.
        Assert.Equal(0.6, SpanMetric.F1([0, 1, 2, 3, 4], [2, 3, 4, 5, 6]), 12);
        // Duplicated offsets count once.
        Assert.Equal(0.6, SpanMetric.F1([0, 1, 2, 2, 3, 4], [2, 3, 4, 5, 6]), 12);
        Assert.Equal(1.0, SpanMetric.F1([7, 8], [8, 7]));
    }

    [Fact]
    public void The_score_of_a_file_is_the_mean_over_its_posts()
    {
        var posts = new (IEnumerable<int>, IEnumerable<int>)[]
        {
            ([], []),
            ([1], []),
            ([0, 1, 2, 3, 4], [2, 3, 4, 5, 6]),
        };

        Assert.Equal((1 + 0 + 0.6) / 3, SpanMetric.Mean(posts), 12);
    }

    [Fact]
    public void Evidence_covers_the_offsets_of_its_spans_and_evidence_without_a_position_covers_none()
    {
        Evidence[] evidence =
        [
            new() { Text = "idiot", Start = 4, Length = 5 },
            new() { Text = "<shouting>" },
            new() { Text = "dio", Start = 5, Length = 3 },
        ];

        Assert.Equal([4, 5, 6, 7, 8], SpanMetric.Offsets(evidence).Order());
    }

    [Fact]
    public void Offsets_after_an_emoji_count_it_once_in_code_points_and_twice_in_utf16()
    {
        const string text = "😀 idiot";
        var utf16 = Enumerable.Range(text.IndexOf("idiot", StringComparison.Ordinal), 5).ToArray();
        Assert.Equal([3, 4, 5, 6, 7], utf16);

        Assert.Equal([2, 3, 4, 5, 6], SpanMetric.ToCodePoints(text, utf16).Order());
        Assert.Equal(utf16, SpanMetric.ToUtf16(text, [2, 3, 4, 5, 6]).Order());
        // The emoji itself, one code point, is both of its UTF-16 units.
        Assert.Equal([0, 1], SpanMetric.ToUtf16(text, [0]).Order());
    }
}
