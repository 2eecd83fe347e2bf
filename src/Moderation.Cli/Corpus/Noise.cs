using System.Text;

namespace Moderation.Cli.Corpus;

/// <summary>The untidiness of real comments: case, missing punctuation, typos, emoji, stray spaces.</summary>
internal static class Noise
{
    private static readonly string[] Emoji = ["😂", "🙄", "👍", "😡", "🤦", "❤️", "🔥", "😢", "👏", "🤔", ":)", ":(", ":D", "lol", "smh", "!!", "..."];

    public static string Apply(string text, string category, Random random)
    {
        text = Tidy(text);
        var roll = random.NextDouble();
        var shouty = category.StartsWith("tox_", StringComparison.Ordinal) ? 0.12 : category.StartsWith("spam_", StringComparison.Ordinal) ? 0.08 : 0.03;
        if (roll < shouty)
        {
            text = text.ToUpperInvariant();
        }
        else if (roll < shouty + 0.25)
        {
            text = text.ToLowerInvariant();
        }

        if (random.NextDouble() < 0.2 && text.Length > 1 && text[^1] is '.')
        {
            text = text[..^1];
        }

        if (random.NextDouble() < 0.12)
        {
            text = Typo(text, random);
        }

        if (random.NextDouble() < 0.1)
        {
            text += " " + Emoji[random.Next(Emoji.Length)];
        }

        if (random.NextDouble() < 0.04)
        {
            text = text.Replace(". ", ".  ", StringComparison.Ordinal);
        }

        return text;
    }

    private static string Tidy(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ' && sb.Length > 0 && sb[^1] == ' ')
            {
                continue;
            }

            if (c is ',' or '.' or '?' or '!' && sb.Length > 0 && sb[^1] == ' ')
            {
                sb.Length--;
            }

            sb.Append(c);
        }

        var s = sb.ToString().Trim();
        return s.Length > 0 && char.IsLower(s[0]) ? char.ToUpperInvariant(s[0]) + s[1..] : s;
    }

    private static string Typo(string text, Random random)
    {
        var words = text.Split(' ');
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 5 && words[i].All(char.IsLetter)).ToArray();
        if (candidates.Length == 0)
        {
            return text;
        }

        var index = candidates[random.Next(candidates.Length)];
        var w = words[index].ToCharArray();
        var p = random.Next(1, w.Length - 1);
        (w[p], w[p + 1]) = (w[p + 1], w[p]);
        words[index] = new string(w);
        return string.Join(' ', words);
    }
}
