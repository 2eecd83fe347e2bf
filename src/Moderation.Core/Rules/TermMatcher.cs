using Moderation.Core.Normalisation;

namespace Moderation.Core.Rules;

/// <summary>What a site wants done when a term of its list appears.</summary>
public enum TermAction
{
    /// <summary>An exception: matches of other terms inside it are ignored ("Dick Van Dyke", "Moby Dick").</summary>
    Allow,

    /// <summary>Reported, never changes the outcome (<c>FlaggedTerm</c>).</summary>
    Flag,

    /// <summary>A moderator looks at the comment (<c>SuspectTerm</c>).</summary>
    Hold,

    /// <summary>The comment is rejected (<c>BannedTerm</c>).</summary>
    Reject,
}

/// <summary>One term of a site's lists with its action.</summary>
public readonly record struct TermEntry(string Term, TermAction Action);

/// <summary>A term found in a text: the span as the author wrote it, the listed term and its action.</summary>
public readonly record struct TermMatch(TextSpan Span, string Term, TermAction Action);

/// <summary>
/// Finds thousands of terms in one pass over a <see cref="MatchText"/>, with one Aho–Corasick
/// automaton compiled to a dense transition table.
/// </summary>
/// <remarks>
/// A term matches on word boundaries: "cialis" is not found in "specialist", nor "cunt" in "Scunthorpe".
/// A leading or trailing <c>*</c> drops the boundary on that side (<c>idiot*</c> finds "idiots").
/// A term of several words matches those words with any separators between them.
/// Repeated letters: a run of a letter in the text matches the same run in the term, or any shorter
/// run when the text repeats the letter at least three times — "fuuuck" is "fuck", but "good" is not "god"
/// and "as" is not "ass".
/// </remarks>
public sealed class TermMatcher
{
    private readonly int[] _ascii = new int[128];
    private readonly Dictionary<char, int> _otherSymbols = [];
    private readonly int _alphabet;
    private readonly int[] _delta;
    private readonly int[]?[] _outputs;
    private readonly CompiledTerm[] _terms;

    public TermMatcher(IEnumerable<TermEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var terms = new List<CompiledTerm>();
        foreach (var entry in entries)
        {
            if (Compile(entry, out var compiled) is null)
            {
                terms.Add(compiled);
            }
        }

        _terms = [.. terms];
        var symbols = 1; // 0: a character no term has
        var children = new List<Dictionary<int, int>> { new() };
        var own = new List<int> { -1 };
        for (var t = 0; t < _terms.Length; t++)
        {
            var node = 0;
            foreach (var c in _terms[t].Chars)
            {
                var symbol = SymbolOf(c);
                if (symbol == 0)
                {
                    symbol = symbols++;
                    if (c < 128)
                    {
                        _ascii[c] = symbol;
                    }
                    else
                    {
                        _otherSymbols[c] = symbol;
                    }
                }

                if (!children[node].TryGetValue(symbol, out var next))
                {
                    next = children.Count;
                    children.Add([]);
                    own.Add(-1);
                    children[node][symbol] = next;
                }

                node = next;
            }

            // Several entries may fold to the same word ("idiot", "1diot"); keep them all in a chain.
            _terms[t] = _terms[t] with { NextSameNode = own[node] };
            own[node] = t;
        }

        _alphabet = symbols;
        _delta = new int[children.Count * symbols];
        _outputs = new int[]?[children.Count];
        var fail = new int[children.Count];
        var queue = new Queue<int>();
        foreach (var (symbol, child) in children[0])
        {
            _delta[symbol] = child;
            queue.Enqueue(child);
        }

        _outputs[0] = null;
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            _outputs[u] = Merge(own[u], _outputs[fail[u]]);
            for (var symbol = 0; symbol < symbols; symbol++)
            {
                if (children[u].TryGetValue(symbol, out var v))
                {
                    fail[v] = _delta[(fail[u] * symbols) + symbol];
                    _delta[(u * symbols) + symbol] = v;
                    queue.Enqueue(v);
                }
                else if (u != 0)
                {
                    _delta[(u * symbols) + symbol] = _delta[(fail[u] * symbols) + symbol];
                }
            }
        }
    }

    /// <summary>Number of terms compiled (invalid entries are left out; see <see cref="Check"/>).</summary>
    public int Count => _terms.Length;

    /// <summary>Returns why a term cannot be used, or null when it can.</summary>
    public static string? Check(string? term) => Compile(new TermEntry(term ?? string.Empty, TermAction.Flag), out _);

    /// <summary>All matches, in text order; matches inside an allowed term are left out.</summary>
    public IReadOnlyList<TermMatch> FindAll(NormalizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_terms.Length == 0)
        {
            return [];
        }

        var m = text.Match;
        List<(int From, int To, int Term)>? hits = null;
        var state = 0;
        for (var p = 0; p < m.Length; p++)
        {
            var c = m.Chars[p];
            var symbol = c < 128 ? _ascii[c] : _otherSymbols.GetValueOrDefault(c);
            state = _delta[(state * _alphabet) + symbol];
            var outputs = _outputs[state];
            if (outputs is null)
            {
                continue;
            }

            foreach (var first in outputs)
            {
                for (var t = first; t >= 0; t = _terms[t].NextSameNode)
                {
                    var from = p - _terms[t].Chars.Length + 1;
                    if (_terms[t].Matches(m, from, p))
                    {
                        (hits ??= []).Add((from, p, t));
                    }
                }
            }
        }

        return hits is null ? [] : Report(text, m, hits);
    }

    private List<TermMatch> Report(NormalizedText text, MatchText m, List<(int From, int To, int Term)> hits)
    {
        var result = new List<TermMatch>(hits.Count);
        foreach (var (hitFrom, hitTo, t) in hits)
        {
            var term = _terms[t];
            if (term.Action == TermAction.Allow || hits.Any(a => _terms[a.Term].Action == TermAction.Allow && a.From <= hitFrom && hitTo <= a.To))
            {
                continue;
            }

            var (from, to) = (hitFrom, hitTo);

            // A wildcard's evidence is the whole word it matched ("idiots" for idiot*), letters spaced out or not.
            while (term.AnyStart && from > 0 && m.Chars[from - 1] != ' ')
            {
                from--;
            }

            while (term.AnyEnd && to + 1 < m.Length && m.Chars[to + 1] != ' ')
            {
                to++;
            }

            var start = m.Start[from];
            var span = new TextSpan(start, m.End[to] - start, text.Original[start..m.End[to]]);
            if (!result.Any(r => r.Span == span && r.Action == term.Action))
            {
                result.Add(new TermMatch(span, term.Term, term.Action));
            }
        }

        return result;
    }

    private int SymbolOf(char c) => c < 128 ? _ascii[c] : _otherSymbols.GetValueOrDefault(c);

    private static int[]? Merge(int own, int[]? inherited)
    {
        if (own < 0)
        {
            return inherited;
        }

        if (inherited is null)
        {
            return [own];
        }

        return [own, .. inherited];
    }

    private static string? Compile(TermEntry entry, out CompiledTerm compiled)
    {
        compiled = default;
        var raw = entry.Term?.Trim() ?? string.Empty;
        var prefix = raw.StartsWith('*');
        var suffix = raw.Length > 1 && raw.EndsWith('*');
        var core = raw.Trim('*').Trim();
        if (core.Length == 0)
        {
            return "is empty";
        }

        if (core.Length > 200)
        {
            return "is longer than 200 characters";
        }

        if (core.Contains('*', StringComparison.Ordinal))
        {
            return "has a '*' inside; a wildcard may only start or end a term";
        }

        var m = TextNormalizer.Normalize(core).Match;
        if (m.Length == 0)
        {
            return "has no letters or digits";
        }

        compiled = new CompiledTerm(raw, entry.Action, m.Chars[..m.Length], m.Runs[..m.Length], prefix, suffix, -1);
        return null;
    }

    private readonly record struct CompiledTerm(string Term, TermAction Action, char[] Chars, byte[] Runs, bool AnyStart, bool AnyEnd, int NextSameNode)
    {
        public bool Matches(MatchText m, int from, int to)
        {
            if (!AnyStart && (m.Flags[from] & MatchText.WordStart) == 0)
            {
                return false;
            }

            if (!AnyEnd && (m.Flags[to] & MatchText.WordEnd) == 0)
            {
                return false;
            }

            for (var k = 0; k < Runs.Length; k++)
            {
                int wanted = Runs[k], found = m.Runs[from + k];
                var open = (k == 0 && AnyStart) || (k == Runs.Length - 1 && AnyEnd);
                if (found != wanted && !(found >= wanted && (found >= 3 || open)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
