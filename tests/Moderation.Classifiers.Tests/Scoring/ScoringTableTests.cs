using Moderation.Classifiers.Features;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Tests.Scoring;

/// <summary>The scoring table computes the score the training-time vectoriser computes.</summary>
public sealed class ScoringTableTests
{
    [Theory]
    [InlineData("spam")]
    [InlineData("toxicity")]
    public void Scores_every_corpus_comment_as_the_vectoriser_and_weights_do(string task)
    {
        var model = Fixtures.DefaultModel(task);
        var worst = 0.0;
        var worstId = "";
        foreach (var row in Fixtures.Corpus(task))
        {
            var text = TextNormalizer.Normalize(row.Text);
            var difference = Math.Abs(model.Logit(text) - model.VectorLogit(text));
            if (difference > worst)
            {
                worst = difference;
                worstId = row.Id;
            }
        }

        Assert.True(worst < 1e-4, $"largest difference {worst} (comment {worstId})");
    }

    [Theory]
    [InlineData("spam")]
    [InlineData("toxicity")]
    public void Shares_of_the_logit_add_up_to_the_vectorisers_score_and_are_even_among_a_features_occurrences(string task)
    {
        var model = Fixtures.DefaultModel(task);
        var buffers = new NgramExtractor.Buffers();
        foreach (var row in Fixtures.Corpus(task).Take(500))
        {
            var text = TextNormalizer.Normalize(row.Text);
            var shares = model.Shares(text);
            NgramExtractor.Extract(text, model.Metadata.Features, buffers);
            Assert.Equal(buffers.Grams.Count, shares.Length);
            var byFeature = new Dictionary<int, float>();
            double sum = model.Bias;
            for (var g = 0; g < shares.Length; g++)
            {
                var index = model.Vocabulary.IndexOf(buffers.Grams[g].Hash);
                Assert.True(index < 0 == float.IsNaN(shares[g]), $"gram {g} of {row.Id}: index {index}, share {shares[g]}");
                if (index < 0)
                {
                    continue;
                }

                Assert.Equal(byFeature.GetValueOrDefault(index, shares[g]), shares[g]);
                byFeature[index] = shares[g];
                sum += shares[g];
            }

            // The word-vector block (toxicity) is not shared among n-grams: it adds to the logit whole.
            Assert.Equal(model.VectorLogit(text), sum + model.DenseLogit(text), 3);
        }
    }

    [Fact]
    public void Repeated_n_grams_long_comments_and_empty_ones_score_alike_on_both_paths()
    {
        var model = Fixtures.DefaultModel("spam");
        string[] texts =
        [
            "",
            "!!!",
            string.Concat(Enumerable.Repeat("buy now buy now ", 400)),
            string.Join(' ', Enumerable.Range(0, 3000).Select(i => $"word{i}")),
            "Subscribe to my channel https://example.com/ch?x=1 and win 💰💰💰 now!!!",
        ];

        // The long ones outgrow the scratch space the first call made; each call must leave it clean.
        foreach (var text in texts.Concat(texts))
        {
            var normalized = TextNormalizer.Normalize(text);
            Assert.Equal(model.VectorLogit(normalized), model.Logit(normalized), 4);
        }
    }
}
