namespace Moderation.Contracts;

/// <summary>
/// What supports a reason: a span of the text as the author wrote it, or a feature of a model.
/// <see cref="Start"/> and <see cref="Length"/> count UTF-16 code units in the original field.
/// </summary>
public sealed record Evidence
{
    /// <summary>The matched text, as written ("c1al1s"), or the model feature ("free money").</summary>
    public required string Text { get; init; }

    /// <summary>Which field it was found in: "text", "author.url", "author.displayName", …</summary>
    public string Field { get; init; } = "text";

    /// <summary>Offset of the span in the original field, when it is a span.</summary>
    public int? Start { get; init; }

    /// <summary>Length of the span in the original field, when it is a span.</summary>
    public int? Length { get; init; }

    /// <summary>What the span matched ("cialis" for "c1al1s"), or a feature's weight.</summary>
    public string? Detail { get; init; }
}
