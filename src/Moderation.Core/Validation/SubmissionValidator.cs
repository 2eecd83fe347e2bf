using Moderation.Contracts;

namespace Moderation.Core.Validation;

/// <summary>
/// Checks the identifying fields of a submission. Problems with the text itself are not errors
/// but reasons for rejection (see <see cref="TextValidator"/>), so the site still gets a decision.
/// </summary>
public static class SubmissionValidator
{
    /// <summary>Longest identifier accepted (site, comment, thread, parent, author ids).</summary>
    public const int MaxIdLength = 200;

    public static void Validate(CommentSubmitted? comment)
    {
        if (comment is null)
        {
            throw new InvalidSubmissionException("MissingField", "$", "The message has no body.");
        }

        RequireId(comment.SiteId, "siteId");
        RequireId(comment.CommentId, "commentId");
        RequireId(comment.ThreadId, "threadId");
        if (comment.ParentId is not null)
        {
            RequireId(comment.ParentId, "parentId");
        }

        if (comment.Author is null)
        {
            throw new InvalidSubmissionException("MissingField", "author", "The field 'author' is required.");
        }

        RequireId(comment.Author.Id, "author.id");
        if (comment.Text is null)
        {
            throw new InvalidSubmissionException("MissingField", "text", "The field 'text' is required.");
        }

        if (comment.Revision < 0)
        {
            throw new InvalidSubmissionException("InvalidField", "revision", "The field 'revision' must be 0 or more.");
        }

        if (comment.Kind == CommentKind.Edit && comment.Revision == 0)
        {
            throw new InvalidSubmissionException("InvalidField", "revision", "An edit must have a revision of 1 or more.");
        }
    }

    private static void RequireId(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidSubmissionException("MissingField", field, $"The field '{field}' is required.");
        }

        if (value.Length > MaxIdLength)
        {
            throw new InvalidSubmissionException("InvalidField", field, $"The field '{field}' is longer than {MaxIdLength} characters.");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                throw new InvalidSubmissionException("InvalidField", field, $"The field '{field}' contains control or unpaired surrogate characters.");
            }
        }
    }
}
