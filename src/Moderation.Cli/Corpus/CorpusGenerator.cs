using System.Text;
using Moderation.Classifiers.Training;

namespace Moderation.Cli.Corpus;

/// <summary>
/// Writes the project's own training corpus from the hand-written templates and vocabularies in
/// <see cref="Grammar"/>: reader comments on news articles and blogs, spam in its forms, toxicity in its forms,
/// and hard negatives. Seeded, so the same seed always writes the same files. Every line is written here,
/// none is taken from any external data set.
/// </summary>
public sealed class CorpusGenerator(int seed)
{
    public const int DefaultSeed = 7;

    // Rows per category; chosen so each task has a few thousand rows and roughly a third positives.
    private static readonly (string Category, int Count)[] Clean =
    [
        ("ham_news", 900), ("ham_reply", 450), ("ham_you", 1100), ("ham_blog", 450), ("ham_video", 300), ("ham_praise", 180),
        ("ham_link", 220), ("ham_money", 150), ("ham_personal", 500),
        ("hard_disagree", 380), ("hard_profanity", 300), ("hard_reported", 300), ("hard_idiom", 300), ("hard_identity", 220),
        ("hard_wordplay", 300),
    ];

    private static readonly (string Category, int Count)[] Spam =
    [
        ("spam_channel", 330), ("spam_product", 260), ("spam_seo", 300), ("spam_money", 330), ("spam_adult", 190),
        ("spam_phishing", 220), ("spam_review", 230), ("spam_misc", 200),
    ];

    private static readonly (string Category, int Count)[] Toxic =
    [
        ("tox_insult", 1000), ("tox_threat", 300), ("tox_identity", 320), ("tox_obscene", 420), ("tox_harass", 350),
    ];

    public IEnumerable<(string File, IReadOnlyList<LabelledText> Rows)> Generate()
    {
        var random = new Random(seed);
        var expander = new Expander(Grammar.Rules, random);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var clean = Make(expander, random, seen, Clean);
        var spam = Make(expander, random, seen, Spam);
        var toxic = Make(expander, random, seen, Toxic);

        // Spam task: spam against clean comments and some toxic ones (abuse is not spam).
        var spamRows = spam.Select(r => Row("s", r, true))
            .Concat(clean.Select(r => Row("s", r, false)))
            .Concat(toxic.Where((_, i) => i % 3 == 0).Select(r => Row("s", r, false)))
            .ToList();
        // Toxicity task: toxic against clean comments (hard negatives included) and some spam (spam is not abuse).
        var toxicRows = toxic.Select(r => Row("t", r, true))
            .Concat(clean.Select(r => Row("t", r, false)))
            .Concat(spam.Where((_, i) => i % 3 == 0).Select(r => Row("t", r, false)))
            .ToList();
        yield return ("spam.tsv", Shuffle(spamRows, random));
        yield return ("toxicity.tsv", Shuffle(toxicRows, random));
    }

    private static LabelledText Row(string prefix, (string Category, int Number, string Text) r, bool label) =>
        new($"{prefix}-{r.Category}-{r.Number:0000}", r.Text, label);

    private static List<(string Category, int Number, string Text)> Make(Expander expander, Random random, HashSet<string> seen, (string Category, int Count)[] plan)
    {
        var rows = new List<(string, int, string)>();
        foreach (var (category, count) in plan)
        {
            var made = 0;
            for (var attempt = 0; made < count && attempt < count * 30; attempt++)
            {
                var text = Noise.Apply(expander.Expand("{" + category + "}"), category, random);
                if (text.Length < 2 || text.Length > 600 || !seen.Add(text))
                {
                    continue;
                }

                rows.Add((category, ++made, text));
            }
        }

        return rows;
    }

    private static List<LabelledText> Shuffle(List<LabelledText> rows, Random random)
    {
        var array = rows.ToArray();
        random.Shuffle(array);
        return [.. array];
    }
}

/// <summary>Expands "{slot}" references recursively, choosing uniformly among a slot's alternatives.</summary>
internal sealed class Expander(IReadOnlyDictionary<string, string[]> rules, Random random)
{
    public string Expand(string template, int depth = 0)
    {
        if (depth > 12)
        {
            throw new InvalidOperationException("The corpus grammar recurses too deeply near: " + template);
        }

        var sb = new StringBuilder(template.Length * 2);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf('}', open);
            sb.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            var optional = name.EndsWith('?');
            name = name.TrimEnd('?');
            if (!rules.TryGetValue(name, out var options))
            {
                throw new InvalidOperationException($"The corpus grammar has no slot '{name}'.");
            }

            if (!optional || random.Next(2) == 0)
            {
                sb.Append(Expand(options[random.Next(options.Length)], depth + 1));
            }

            i = close + 1;
        }

        return sb.ToString();
    }
}
