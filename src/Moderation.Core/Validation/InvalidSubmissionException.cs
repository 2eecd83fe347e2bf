namespace Moderation.Core.Validation;

/// <summary>
/// A submission that cannot be decided at all: an identifier is missing or the site is unknown.
/// It is never retried; on the bus it goes to the error queue with <see cref="Code"/> as the reason.
/// </summary>
public sealed class InvalidSubmissionException(string code, string field, string message)
    : Exception(message)
{
    /// <summary>A stable code: <c>MissingField</c>, <c>InvalidField</c> or <c>UnknownSite</c>.</summary>
    public string Code { get; } = code;

    /// <summary>The JSON path of the offending field ("author.id").</summary>
    public string Field { get; } = field;
}
