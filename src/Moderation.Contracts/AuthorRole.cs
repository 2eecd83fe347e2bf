using System.Text.Json.Serialization;

namespace Moderation.Contracts;

/// <summary>The role an author has on the website.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuthorRole>))]
public enum AuthorRole
{
    /// <summary>An ordinary reader, anonymous or signed in.</summary>
    Reader = 0,

    /// <summary>A paying or verified subscriber.</summary>
    Subscriber = 1,

    /// <summary>The site's own journalists, editors or moderators: never rejected automatically.</summary>
    Staff = 2,
}
