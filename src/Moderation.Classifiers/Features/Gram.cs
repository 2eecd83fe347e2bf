namespace Moderation.Classifiers.Features;

/// <summary>The three families of features; char and word n-grams are L2-normalised as separate blocks.</summary>
public enum GramKind : byte
{
    Characters = 0,
    Word = 1,
    Shape = 2,
}

/// <summary>
/// One occurrence of an n-gram in a comment. <see cref="Start"/>/<see cref="Length"/> locate it in the
/// source text (Folded or lower-cased Original; for shape tokens always Original; -1 when it has no span).
/// Character n-grams leave them 0 and keep their buffer position in NameStart/NameLength: see NgramExtractor.SourceSpanOf.
/// </summary>
internal readonly record struct Gram(ulong Hash, GramKind Kind, int Start, int Length, int NameStart, int NameLength);
