namespace Moderation.Contracts;

/// <summary>The stable reason codes the service emits. New codes may be added; none is ever renamed.</summary>
public static class ReasonCodes
{
    /// <summary>The text contains a term the site rejects.</summary>
    public const string BannedTerm = nameof(BannedTerm);

    /// <summary>The text contains a term the site wants a human to look at.</summary>
    public const string SuspectTerm = nameof(SuspectTerm);

    /// <summary>The spam classifier's score passed the site's threshold.</summary>
    public const string Spam = nameof(Spam);

    /// <summary>The toxicity classifier's score passed the site's threshold.</summary>
    public const string Toxic = nameof(Toxic);

    /// <summary>More links than the site allows.</summary>
    public const string TooManyLinks = nameof(TooManyLinks);

    /// <summary>A link to a domain the site denies.</summary>
    public const string DeniedDomain = nameof(DeniedDomain);

    /// <summary>The same or nearly the same text was posted before.</summary>
    public const string Duplicate = nameof(Duplicate);

    /// <summary>The author or address posts faster than the site allows.</summary>
    public const string Flood = nameof(Flood);

    /// <summary>The author is new: the site pre-moderates first comments.</summary>
    public const string NewCommenter = nameof(NewCommenter);

    /// <summary>Mostly capital letters, or long runs of one character.</summary>
    public const string Shouting = nameof(Shouting);

    /// <summary>The text is longer than the site allows.</summary>
    public const string TextTooLong = nameof(TextTooLong);

    /// <summary>The text is empty after normalisation.</summary>
    public const string EmptyText = nameof(EmptyText);

    /// <summary>The text is not readable text (binary, unpaired surrogates, mostly control characters).</summary>
    public const string InvalidText = nameof(InvalidText);

    /// <summary>The author has enough approved comments to be trusted.</summary>
    public const string TrustedAuthor = nameof(TrustedAuthor);

    /// <summary>A classifier was not available, so its score is missing from the decision.</summary>
    public const string ClassifierUnavailable = nameof(ClassifierUnavailable);

    /// <summary>A moderator decided.</summary>
    public const string ModeratorDecision = nameof(ModeratorDecision);

    /// <summary>The text contains a term the site only wants reported.</summary>
    public const string FlaggedTerm = nameof(FlaggedTerm);

    /// <summary>A link goes through a URL shortener, which hides where it leads.</summary>
    public const string UrlShortener = nameof(UrlShortener);

    /// <summary>The author's display name contains a link.</summary>
    public const string LinkInAuthorName = nameof(LinkInAuthorName);

    /// <summary>The text is mostly emoji or symbols.</summary>
    public const string MostlySymbols = nameof(MostlySymbols);

    /// <summary>The text is mostly in a script the site does not expect.</summary>
    public const string UnexpectedScript = nameof(UnexpectedScript);

    /// <summary>The same or nearly the same text came from several authors within a short window.</summary>
    public const string Campaign = nameof(Campaign);

    /// <summary>A site's staff member: a reject became a hold, because staff are never rejected automatically.</summary>
    public const string StaffAuthor = nameof(StaffAuthor);

    /// <summary>Readers reported the published comment often enough that it went back to a moderator.</summary>
    public const string Reported = nameof(Reported);
}
