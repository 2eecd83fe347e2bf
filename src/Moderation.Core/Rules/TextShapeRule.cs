using System.Globalization;
using System.Text;
using Moderation.Contracts;
using Moderation.Core.Sites;

namespace Moderation.Core.Rules;

/// <summary>
/// The shape of the text rather than its words: shouting and long runs of one character (<c>Shouting</c>),
/// text that is mostly emoji or symbols (<c>MostlySymbols</c>), and text mostly in a script the site
/// does not expect (<c>UnexpectedScript</c>).
/// </summary>
public sealed class TextShapeRule : IRule
{
    public string Name => "rules/text-shape";

    public ValueTask EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Site.TextShape;
        if (s.Mode == RuleMode.Off)
        {
            return ValueTask.CompletedTask;
        }

        var text = context.Text.Original;
        var counts = Count(text, s.MaxRepeat);
        var action = RuleReasons.ToAction(s.Action);
        var cased = counts.Upper + counts.Lower;
        if (counts.Letters >= s.MinLetters && cased > 0 && (double)counts.Upper / cased >= s.MaxUpperShare)
        {
            var share = (double)counts.Upper / cased;
            Add(context, ReasonCodes.Shouting, action,
                $"{share:P0} of the letters are capitals; this site {RuleReasons.Verb(action)} shouting from {s.MaxUpperShare:P0}.",
                [new Evidence { Text = Clip(text, counts.LongestCapsStart, counts.LongestCapsLength), Start = counts.LongestCapsStart, Length = Math.Min(counts.LongestCapsLength, 80), Detail = $"upper share {share:0.00}" }]);
        }

        if (s.MaxRepeat > 0 && counts.LongestRunLength > s.MaxRepeat)
        {
            Add(context, ReasonCodes.Shouting, action,
                $"One character repeats {counts.LongestRunCount} times in a row; this site {RuleReasons.Verb(action)} runs longer than {s.MaxRepeat}.",
                [new Evidence { Text = Clip(text, counts.LongestRunStart, counts.LongestRunLength), Start = counts.LongestRunStart, Length = Math.Min(counts.LongestRunLength, 80), Detail = $"run of {counts.LongestRunCount}" }]);
        }

        if (counts.Visible >= s.MinSymbolChars && (double)counts.Symbols / counts.Visible >= s.MaxSymbolShare)
        {
            var share = (double)counts.Symbols / counts.Visible;
            Add(context, ReasonCodes.MostlySymbols, action,
                $"{share:P0} of the visible characters are emoji or symbols; this site {RuleReasons.Verb(action)} from {s.MaxSymbolShare:P0}.",
                [new Evidence { Text = "symbols", Detail = $"symbol share {share:0.00}" }]);
        }

        if (s.Scripts.Count > 0 && counts.Letters > 0)
        {
            var foreign = counts.AllScripts.Where(kv => !s.Scripts.Contains(kv.Key, StringComparer.OrdinalIgnoreCase)).ToList();
            var share = (double)foreign.Sum(kv => kv.Value) / counts.Letters;
            if (foreign.Count > 0 && share >= s.MaxOtherScriptShare)
            {
                var names = string.Join(", ", foreign.OrderByDescending(kv => kv.Value).Select(kv => kv.Key));
                Add(context, ReasonCodes.UnexpectedScript, action,
                    $"{share:P0} of the letters are in scripts this site does not expect ({names}); it {RuleReasons.Verb(action)} from {s.MaxOtherScriptShare:P0}.",
                    [new Evidence { Text = names, Detail = $"other-script share {share:0.00}" }]);
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Add(RuleContext context, string code, ReasonAction action, string message, IReadOnlyList<Evidence> evidence) =>
        context.Add(RuleReasons.Make(code, message, action, Name, context.Site.TextShape.Mode, evidence));

    private static string Clip(string text, int start, int length) => text.Substring(start, Math.Min(length, 80));

    private static Counts Count(string text, int maxRepeat)
    {
        var c = new Counts();
        int runStart = 0, runCount = 0, runCodePoint = -1;
        int capsStart = -1, capsEnd = -1;
        for (var i = 0; i < text.Length;)
        {
            int cp, width;
            UnicodeCategory category;
            var ch = text[i];
            if (ch < 0x80)
            {
                // Most comments are mostly ASCII: no rune decoding, no category table.
                (cp, width) = (ch, 1);
                category = ch switch
                {
                    >= 'a' and <= 'z' => UnicodeCategory.LowercaseLetter,
                    >= 'A' and <= 'Z' => UnicodeCategory.UppercaseLetter,
                    >= '0' and <= '9' => UnicodeCategory.DecimalDigitNumber,
                    ' ' => UnicodeCategory.SpaceSeparator,
                    _ => CharUnicodeInfo.GetUnicodeCategory(ch),
                };
            }
            else
            {
                var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out width);
                cp = status == System.Buffers.OperationStatus.Done ? rune.Value : ch;
                width = Math.Max(width, 1);
                category = CharUnicodeInfo.GetUnicodeCategory(cp);
            }

            var space = IsSpace(category);
            if (cp == runCodePoint && !space)
            {
                runCount++;
            }
            else
            {
                runCodePoint = cp;
                runStart = i;
                runCount = 1;
            }

            if (runCount > c.LongestRunCount && !space && maxRepeat > 0)
            {
                c.LongestRunCount = runCount;
                c.LongestRunStart = runStart;
                c.LongestRunLength = i + width - runStart;
            }

            switch (category)
            {
                case UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter:
                    c.Upper++;
                    CountLetter(c, cp);
                    if (capsStart < 0)
                    {
                        capsStart = i;
                    }

                    capsEnd = i + width;
                    break;
                case UnicodeCategory.LowercaseLetter:
                    c.Lower++;
                    CountLetter(c, cp);
                    EndCaps(c, ref capsStart, capsEnd);
                    break;
                case UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter:
                    CountLetter(c, cp);
                    break;
                case UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol:
                    c.Symbols++;
                    c.Visible++;
                    break;
                case UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                    or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                    or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                    or UnicodeCategory.OtherPunctuation:
                    c.Visible++;
                    break;
            }

            i += width;
        }

        EndCaps(c, ref capsStart, capsEnd);
        return c;
    }

    private static void CountLetter(Counts c, int cp)
    {
        c.Letters++;
        c.Visible++;
        if (cp < 0x80)
        {
            c.Latin++;
            return;
        }

        var script = Scripts.Of(cp);
        c.ByScript[script] = c.ByScript.GetValueOrDefault(script) + 1;
    }

    private static void EndCaps(Counts c, ref int capsStart, int capsEnd)
    {
        if (capsStart >= 0 && capsEnd - capsStart > c.LongestCapsLength)
        {
            c.LongestCapsStart = capsStart;
            c.LongestCapsLength = capsEnd - capsStart;
        }

        capsStart = -1;
    }

    private static bool IsSpace(UnicodeCategory category) =>
        category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Control;

    private sealed class Counts
    {
        public int Letters;
        public int Upper;
        public int Lower;
        public int Symbols;
        public int Visible;
        public int LongestRunCount;
        public int LongestRunStart;
        public int LongestRunLength;
        public int LongestCapsStart;
        public int LongestCapsLength;
        /// <summary>ASCII letters, counted apart from <see cref="ByScript"/> because they are most letters.</summary>
        public int Latin;

        /// <summary>Letters beyond ASCII by script; read through <see cref="Scripts"/>.</summary>
        public Dictionary<string, int> ByScript { get; } = new(StringComparer.Ordinal);

        public IEnumerable<KeyValuePair<string, int>> AllScripts =>
            Latin == 0 ? ByScript : ByScript.Where(kv => kv.Key != "Latin").Append(new("Latin", Latin + ByScript.GetValueOrDefault("Latin")));
    }
}
