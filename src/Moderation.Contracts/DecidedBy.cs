namespace Moderation.Contracts;

/// <summary>Who made a decision: the automatic pipeline or a named moderator.</summary>
public sealed record DecidedBy
{
    /// <summary>The automatic pipeline.</summary>
    public static DecidedBy Pipeline { get; } = new() { Kind = DeciderKind.Pipeline };

    /// <summary>Machine or human.</summary>
    public required DeciderKind Kind { get; init; }

    /// <summary>The moderator's id, when a human decided.</summary>
    public string? ModeratorId { get; init; }

    /// <summary>The moderator's reason code and note, when a human decided.</summary>
    public string? Note { get; init; }
}
