using BenchmarkDotNet.Attributes;
using Moderation.Contracts;
using Moderation.Core.Normalisation;
using Moderation.Core.Pipeline;
using Moderation.Core.Rules;
using Moderation.Core.Rules.History;
using Moderation.Core.Sites;

namespace Moderation.Rules.Benchmarks;

/// <summary>
/// The rules stage on a 500-character comment against a site with a 5,000-term list
/// (reject, hold and flag terms, some with several words or a wildcard). Target: 20 µs per comment.
/// </summary>
[MemoryDiagnoser]
public class RulesBenchmarks
{
    private const string SiteId = "bench";

    private SiteSettings _site = null!;
    private CommentSubmitted _comment = null!;
    private TermListRule _terms = null!;
    private LinkRule _links = null!;
    private TextShapeRule _shape = null!;
    private CommentHistoryRule _history = null!;
    private ModerationPipeline _pipeline = null!;

    internal string CommentText => _comment.Text;

    internal int Shape(NormalizedText text)
    {
        var context = new RuleContext(_comment, text, _site);
        Sync(_shape.EvaluateAsync(context, CancellationToken.None));
        return context.Reasons.Count;
    }

    internal SiteSettings SiteSettings => _site;

    [GlobalSetup]
    public void Setup()
    {
        _site = Site(withHistory: true);
        _comment = new CommentSubmitted
        {
            CommentId = "c-1",
            SiteId = SiteId,
            ThreadId = "t-1",
            Text = Comment(500),
            Author = new CommentAuthor { Id = "reader-1", Ip = "203.0.113.9" },
        };
        _terms = new TermListRule();
        _links = new LinkRule();
        _shape = new TextShapeRule();
        var history = new InMemoryCommentHistory(TimeProvider.System);
        _history = new CommentHistoryRule(history, IpHasher.FromSecret("benchmark-secret-0123456789"), TimeProvider.System);
        _pipeline = new ModerationPipeline([_terms, _links, _shape, _history], [], new OneSite(_site), TimeProvider.System);
        _terms.Matcher(_site.Terms); // compile once, as the first comment after a (re)load does
    }

    /// <summary>Folding alone: NFKC table, case, look-alikes, leetspeak, offsets.</summary>
    [Benchmark]
    public int Normalise() => TextNormalizer.Normalize(_comment.Text).Folded.Length;

    /// <summary>Normalisation and the 5,000-term automaton.</summary>
    [Benchmark]
    public int Terms()
    {
        var context = new RuleContext(_comment, TextNormalizer.Normalize(_comment.Text), _site);
        Sync(_terms.EvaluateAsync(context, CancellationToken.None));
        return context.Reasons.Count;
    }

    /// <summary>The stateless rules stage: normalisation, terms, links, text shape.</summary>
    [Benchmark(Baseline = true)]
    public int StatelessRules()
    {
        var context = new RuleContext(_comment, TextNormalizer.Normalize(_comment.Text), _site);
        Sync(_terms.EvaluateAsync(context, CancellationToken.None));
        Sync(_links.EvaluateAsync(context, CancellationToken.None));
        Sync(_shape.EvaluateAsync(context, CancellationToken.None));
        return context.Reasons.Count;
    }

    /// <summary>Every rule, the history ones on the in-memory store (sketch, record, counts, similar, standing).</summary>
    [Benchmark]
    public async Task<int> AllRulesWithInMemoryHistory()
    {
        var context = new RuleContext(_comment, TextNormalizer.Normalize(_comment.Text), _site);
        await _terms.EvaluateAsync(context, CancellationToken.None);
        await _links.EvaluateAsync(context, CancellationToken.None);
        await _shape.EvaluateAsync(context, CancellationToken.None);
        await _history.EvaluateAsync(context, CancellationToken.None);
        return context.Reasons.Count;
    }

    /// <summary>The whole pipeline without classifiers: validation, rules, policy, outcome recorded.</summary>
    [Benchmark]
    public async Task<Outcome> Pipeline() => (await _pipeline.RunAsync(_comment, CancellationToken.None)).Outcome;

    /// <summary>Compiling the 5,000-term automaton: paid once per site when its settings (re)load.</summary>
    [Benchmark]
    public int CompileTerms() => new TermMatcher(_site.Terms.Entries()).Count;

    internal static SiteSettings Site(bool withHistory)
    {
        var random = new Random(20261128);
        string Word() => new(Enumerable.Range(0, random.Next(4, 11)).Select(_ => (char)('a' + random.Next(26))).ToArray());
        var banned = Enumerable.Range(0, 2500).Select(i => i % 50 == 0 ? Word() + "*" : i % 40 == 0 ? $"{Word()} {Word()}" : Word()).ToList();
        var suspect = Enumerable.Range(0, 2000).Select(_ => Word()).ToList();
        var flagged = Enumerable.Range(0, 490).Select(_ => Word()).ToList();
        banned.AddRange(["cialis", "viagra", "fuck*", "shit", "kill yourself"]);
        suspect.AddRange(["idiot*", "stupid", "moron", "hell", "damn"]);
        return new SiteSettings
        {
            Terms = new TermSettings { Banned = banned, Suspect = suspect, Flagged = flagged, Allowed = ["moby dick"] },
            Links = new LinkSettings { Deny = ["casino.example"], Allow = ["news.example"] },
            TextShape = new TextShapeSettings { Scripts = ["Latin"] },
            Flood = new FloodSettings { Mode = withHistory ? RuleMode.Enforce : RuleMode.Off },
            Duplicates = new DuplicateSettings { Mode = withHistory ? RuleMode.Enforce : RuleMode.Off },
            Authors = new AuthorSettings { Mode = withHistory ? RuleMode.Enforce : RuleMode.Off, HoldUntilApproved = 1 },
        };
    }

    /// <summary>An ordinary reader comment of about <paramref name="length"/> characters, with a link and one evasion.</summary>
    internal static string Comment(int length)
    {
        const string text =
            "I read the whole article twice and I still think the council got the numbers wrong. " +
            "The budget for 2027 shows 1,400 new homes, but the planning report on https://news.example/plans says 900. " +
            "My neighbour, a specialist in housing law, told me the Scunthorpe case was similar. " +
            "Honestly it is a sh1t show, but I'm glad someone is asking questions. Keep it up! " +
            "Also the photo caption is wrong: that is Essex, not Sussex. Thanks for the great reporting, as always, and see you at the meeting on Tuesday evening.";
        return text.Length >= length ? text[..length] : text;
    }

    /// <summary>The stateless rules complete synchronously; this only guards against that changing.</summary>
    private static void Sync(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class OneSite(SiteSettings site) : ISiteSettingsProvider
    {
        public SiteSettings? Find(string siteId) => siteId == SiteId ? site : null;
    }
}
