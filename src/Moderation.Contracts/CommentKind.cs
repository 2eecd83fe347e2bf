using System.Text.Json.Serialization;

namespace Moderation.Contracts;

/// <summary>Whether a submission is a new comment or a revision of one already submitted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CommentKind>))]
public enum CommentKind
{
    /// <summary>A new comment.</summary>
    New = 0,

    /// <summary>An edit of an existing comment; checked again as a whole.</summary>
    Edit = 1,
}
