namespace Moderation.Classifiers.Features;

/// <summary>Which text the n-grams are taken from.</summary>
public enum TextSource
{
    /// <summary><c>NormalizedText.Folded</c>: look-alikes and leetspeak folded, so "1d10t" and "idiot" share features.</summary>
    Folded,

    /// <summary><c>NormalizedText.Original</c>, lower-cased character by character.</summary>
    Original,
}

/// <summary>How a comment becomes a sparse TF-IDF vector. Stored in the model file so scoring matches training.</summary>
public sealed record FeatureSettings
{
    public TextSource Source { get; init; } = TextSource.Folded;

    /// <summary>Word n-grams from 1 to this length (1 or 2).</summary>
    public int WordNgramMax { get; init; } = 2;

    /// <summary>Character n-grams from 1 to this length, over the text with runs of white space collapsed.</summary>
    public int CharNgramMax { get; init; } = 5;

    /// <summary>An n-gram enters the vocabulary only when at least this many training comments contain it.</summary>
    public int MinDocumentFrequency { get; init; } = 2;

    /// <summary>Upper bound on the vocabulary; the most frequent n-grams are kept.</summary>
    public int MaxFeatures { get; init; } = 400_000;

    /// <summary>Add indicator tokens for links, e-mails, mentions, phone numbers, money, shouting and floods.</summary>
    public bool ShapeTokens { get; init; } = true;
}
