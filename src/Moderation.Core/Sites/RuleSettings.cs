using Moderation.Core.Rules;

namespace Moderation.Core.Sites;

/// <summary>Term lists, matched through obfuscation on word boundaries (<c>rules/terms</c>).</summary>
public sealed class TermSettings
{
    public RuleMode Mode { get; set; } = RuleMode.Enforce;

    /// <summary>Terms whose presence rejects the comment (<c>BannedTerm</c>). <c>*</c> may start or end a term.</summary>
    public IList<string> Banned { get; set; } = [];

    /// <summary>Terms whose presence holds the comment for a moderator (<c>SuspectTerm</c>).</summary>
    public IList<string> Suspect { get; set; } = [];

    /// <summary>Terms that are only reported (<c>FlaggedTerm</c>), for example to watch a new list in production.</summary>
    public IList<string> Flagged { get; set; } = [];

    /// <summary>Exceptions: a match of another list inside one of these is ignored ("moby dick", "dick van dyke").</summary>
    public IList<string> Allowed { get; set; } = [];

    /// <summary>Every term with its action, in list order.</summary>
    public IEnumerable<TermEntry> Entries() =>
        Banned.Select(t => new TermEntry(t, TermAction.Reject))
            .Concat(Suspect.Select(t => new TermEntry(t, TermAction.Hold)))
            .Concat(Flagged.Select(t => new TermEntry(t, TermAction.Flag)))
            .Concat(Allowed.Select(t => new TermEntry(t, TermAction.Allow)));

    internal IEnumerable<string> Errors(string prefix)
    {
        foreach (var e in Check.Defined($"{prefix}:Mode", Mode))
        {
            yield return e;
        }

        foreach (var (name, list) in new[] { (nameof(Banned), Banned), (nameof(Suspect), Suspect), (nameof(Flagged), Flagged), (nameof(Allowed), Allowed) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (TermMatcher.Check(list[i]) is { } problem)
                {
                    yield return $"{prefix}:{name}:{i} ('{list[i]}') {problem}.";
                }
            }
        }
    }
}

/// <summary>Links in the text and in the author's fields (<c>rules/links</c>).</summary>
public sealed class LinkSettings
{
    public RuleMode Mode { get; set; } = RuleMode.Enforce;

    /// <summary>More links than this (not counting allowed domains) raise <c>TooManyLinks</c>.</summary>
    public int MaxLinks { get; set; } = 2;

    public ReasonLevel TooManyLinksAction { get; set; } = ReasonLevel.Hold;

    /// <summary>Domains whose links never count and are never denied; a domain covers its subdomains.</summary>
    public IList<string> Allow { get; set; } = [];

    /// <summary>Domains whose links raise <c>DeniedDomain</c>; a domain covers its subdomains.</summary>
    public IList<string> Deny { get; set; } = [];

    public ReasonLevel DenyAction { get; set; } = ReasonLevel.Reject;

    /// <summary>Use the built-in list of URL shorteners (bit.ly, tinyurl.com, …).</summary>
    public bool UseBuiltInShorteners { get; set; } = true;

    /// <summary>More shortener domains, added to the built-in ones.</summary>
    public IList<string> Shorteners { get; set; } = [];

    public ReasonLevel ShortenerAction { get; set; } = ReasonLevel.Hold;

    /// <summary>What a link in the author's display name raises (<c>LinkInAuthorName</c>); the author's URL field is checked against the deny and shortener lists.</summary>
    public ReasonLevel AuthorNameLinkAction { get; set; } = ReasonLevel.Hold;

    internal IEnumerable<string> Errors(string prefix)
    {
        var errors = Check.Defined($"{prefix}:Mode", Mode)
            .Concat(Check.Action($"{prefix}:TooManyLinksAction", TooManyLinksAction))
            .Concat(Check.Action($"{prefix}:DenyAction", DenyAction))
            .Concat(Check.Action($"{prefix}:ShortenerAction", ShortenerAction))
            .Concat(Check.Action($"{prefix}:AuthorNameLinkAction", AuthorNameLinkAction));
        foreach (var e in errors)
        {
            yield return e;
        }

        if (MaxLinks < 0)
        {
            yield return $"{prefix}:MaxLinks must be 0 or more (was {MaxLinks}).";
        }

        foreach (var (name, list) in new[] { (nameof(Allow), Allow), (nameof(Deny), Deny), (nameof(Shorteners), Shorteners) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (!Domains.IsValidDomain(list[i]))
                {
                    yield return $"{prefix}:{name}:{i} ('{list[i]}') is not a domain name such as example.com (no scheme, path or wildcard).";
                }
            }
        }
    }
}

/// <summary>Shouting, character floods, symbol soup and unexpected scripts (<c>rules/text-shape</c>).</summary>
public sealed class TextShapeSettings
{
    public RuleMode Mode { get; set; } = RuleMode.Enforce;

    /// <summary>Shouting is judged only on texts with at least this many letters.</summary>
    public int MinLetters { get; set; } = 20;

    /// <summary>Share of upper-case letters (among cased letters) from which a text is shouting.</summary>
    public double MaxUpperShare { get; set; } = 0.7;

    /// <summary>Longest run of one character allowed ("!!!!!!!!!!!!", "aaaaaaaaaaaaa"); longer runs are a flood. 0: off.</summary>
    public int MaxRepeat { get; set; } = 12;

    /// <summary>Share of emoji and symbols among visible characters from which a text is symbol soup.</summary>
    public double MaxSymbolShare { get; set; } = 0.6;

    /// <summary>Symbol soup is judged only on texts with at least this many visible characters.</summary>
    public int MinSymbolChars { get; set; } = 8;

    /// <summary>Scripts this site expects ("Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Han", "Hiragana", "Katakana", "Hangul", "Devanagari", "Thai"); empty: any.</summary>
    public IList<string> Scripts { get; set; } = [];

    /// <summary>Share of letters in other scripts from which <c>UnexpectedScript</c> is raised.</summary>
    public double MaxOtherScriptShare { get; set; } = 0.5;

    public ReasonLevel Action { get; set; } = ReasonLevel.Hold;

    internal IEnumerable<string> Errors(string prefix)
    {
        var errors = Check.Defined($"{prefix}:Mode", Mode)
            .Concat(Check.Action($"{prefix}:Action", Action))
            .Concat(Check.Share($"{prefix}:MaxUpperShare", MaxUpperShare))
            .Concat(Check.Share($"{prefix}:MaxSymbolShare", MaxSymbolShare))
            .Concat(Check.Share($"{prefix}:MaxOtherScriptShare", MaxOtherScriptShare));
        foreach (var e in errors)
        {
            yield return e;
        }

        if (MinLetters < 1)
        {
            yield return $"{prefix}:MinLetters must be 1 or more (was {MinLetters}).";
        }

        if (MinSymbolChars < 1)
        {
            yield return $"{prefix}:MinSymbolChars must be 1 or more (was {MinSymbolChars}).";
        }

        if (MaxRepeat is < 0 or 1 or 2)
        {
            yield return $"{prefix}:MaxRepeat must be 0 (off) or at least 3 (was {MaxRepeat}).";
        }

        for (var i = 0; i < Scripts.Count; i++)
        {
            if (!Rules.Scripts.IsKnown(Scripts[i]))
            {
                yield return $"{prefix}:Scripts:{i} ('{Scripts[i]}') is not one of {string.Join(", ", Rules.Scripts.Names)}.";
            }
        }
    }
}

/// <summary>The same author repeating a text, and campaigns of near-identical texts from many authors (<c>rules/duplicates</c>).</summary>
public sealed class DuplicateSettings
{
    /// <summary>Off by default: it needs the comment history store.</summary>
    public RuleMode Mode { get; set; } = RuleMode.Off;

    /// <summary>How far back an author's own earlier comments count as the same comment again.</summary>
    public TimeSpan AuthorWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How far back near-identical comments of other authors count towards a campaign.</summary>
    public TimeSpan CampaignWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Estimated Jaccard similarity of word pairs from which two texts are near-duplicates.</summary>
    public double Similarity { get; set; } = 0.8;

    /// <summary>Distinct authors (this one included) of near-identical texts within the window that make a campaign.</summary>
    public int CampaignMinAuthors { get; set; } = 3;

    /// <summary>Shorter texts ("thanks!", "+1") are never duplicates.</summary>
    public int MinWords { get; set; } = 4;

    public ReasonLevel DuplicateAction { get; set; } = ReasonLevel.Hold;

    public ReasonLevel CampaignAction { get; set; } = ReasonLevel.Hold;

    internal IEnumerable<string> Errors(string prefix)
    {
        var errors = Check.Defined($"{prefix}:Mode", Mode)
            .Concat(Check.Window($"{prefix}:AuthorWindow", AuthorWindow))
            .Concat(Check.Window($"{prefix}:CampaignWindow", CampaignWindow))
            .Concat(Check.Action($"{prefix}:DuplicateAction", DuplicateAction))
            .Concat(Check.Action($"{prefix}:CampaignAction", CampaignAction));
        foreach (var e in errors)
        {
            yield return e;
        }

        if (double.IsNaN(Similarity) || Similarity is < 0.3 or > 1)
        {
            yield return $"{prefix}:Similarity must be between 0.3 and 1 (was {Similarity}).";
        }

        if (CampaignMinAuthors < 2)
        {
            yield return $"{prefix}:CampaignMinAuthors must be 2 or more (was {CampaignMinAuthors}).";
        }

        if (MinWords < 1)
        {
            yield return $"{prefix}:MinWords must be 1 or more (was {MinWords}).";
        }
    }
}

/// <summary>Comments per author and per IP address within a window (<c>rules/flood</c>).</summary>
public sealed class FloodSettings
{
    /// <summary>Off by default: it needs the comment history store.</summary>
    public RuleMode Mode { get; set; } = RuleMode.Off;

    public RateLimit PerAuthor { get; set; } = new() { Max = 5, Window = TimeSpan.FromMinutes(1) };

    public RateLimit PerIp { get; set; } = new() { Max = 20, Window = TimeSpan.FromMinutes(1) };

    public ReasonLevel Action { get; set; } = ReasonLevel.Hold;

    internal IEnumerable<string> Errors(string prefix) =>
        Check.Defined($"{prefix}:Mode", Mode)
            .Concat(Check.Action($"{prefix}:Action", Action))
            .Concat(PerAuthor.Errors($"{prefix}:PerAuthor"))
            .Concat(PerIp.Errors($"{prefix}:PerIp"));
}

/// <summary>Trusted authors, new commenters and staff (<c>rules/authors</c>).</summary>
public sealed class AuthorSettings
{
    /// <summary>Off by default: it needs the comment history store.</summary>
    public RuleMode Mode { get; set; } = RuleMode.Off;

    /// <summary>Approved comments after which an author is trusted (<c>TrustedAuthor</c>); 0: nobody is.</summary>
    public int TrustAfterApproved { get; set; } = 10;

    /// <summary>A rejection within this window takes trust away.</summary>
    public TimeSpan RejectionWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Authors with fewer approved comments than this are held (<c>NewCommenter</c>); 0: off.</summary>
    public int HoldUntilApproved { get; set; }

    /// <summary>Accounts younger than this many days are held (<c>NewCommenter</c>); 0: off.</summary>
    public int MinAccountAgeDays { get; set; }

    /// <summary>
    /// Reason codes whose hold a trusted author's comment is approved through. Empty: the defaults
    /// (<c>Shouting</c>, <c>MostlySymbols</c>, <c>UnexpectedScript</c>, <c>TooManyLinks</c>, <c>UrlShortener</c>, <c>Spam</c>).
    /// A reject is never overridden by trust.
    /// </summary>
    public IList<string> TrustOverrides { get; set; } = [];

    internal static readonly string[] DefaultTrustOverrides =
        ["Shouting", "MostlySymbols", "UnexpectedScript", "TooManyLinks", "UrlShortener", "Spam"];

    public IReadOnlyCollection<string> EffectiveTrustOverrides => TrustOverrides.Count > 0 ? [.. TrustOverrides] : DefaultTrustOverrides;

    internal IEnumerable<string> Errors(string prefix)
    {
        foreach (var e in Check.Defined($"{prefix}:Mode", Mode).Concat(Check.Window($"{prefix}:RejectionWindow", RejectionWindow)))
        {
            yield return e;
        }

        if (TrustAfterApproved < 0)
        {
            yield return $"{prefix}:TrustAfterApproved must be 0 (off) or more (was {TrustAfterApproved}).";
        }

        if (HoldUntilApproved < 0)
        {
            yield return $"{prefix}:HoldUntilApproved must be 0 (off) or more (was {HoldUntilApproved}).";
        }

        if (MinAccountAgeDays < 0)
        {
            yield return $"{prefix}:MinAccountAgeDays must be 0 (off) or more (was {MinAccountAgeDays}).";
        }

        for (var i = 0; i < TrustOverrides.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(TrustOverrides[i]))
            {
                yield return $"{prefix}:TrustOverrides:{i} must be a reason code.";
            }
        }
    }
}
