using Moderation.Contracts;

namespace Moderation.Core.Validation;

/// <summary>
/// Decides whether a comment's text can be moderated at all. A failure is a rejection reason
/// (the author wrote something we will not publish), not an error of the sending website.
/// </summary>
public static class TextValidator
{
    /// <summary>Share of control characters above which the text is taken as binary.</summary>
    private const double MaxControlShare = 0.1;

    public static DecisionReason? Check(string text, int maxLength)
    {
        if (text.Length > maxLength)
        {
            return Reject(ReasonCodes.TextTooLong, $"The text is {text.Length} characters long; this site accepts at most {maxLength}.");
        }

        var controls = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return Reject(ReasonCodes.InvalidText, "The text contains NUL characters: it is binary data, not text.");
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return Reject(ReasonCodes.InvalidText, $"The text contains an unpaired surrogate at offset {i}: it is not valid Unicode.");
            }

            if (c == '\uFFFD')
            {
                return Reject(ReasonCodes.InvalidText, $"The text contains a replacement character at offset {i}: it was not valid UTF-8 when it was encoded.");
            }

            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                controls++;
            }
        }

        if (text.Length > 0 && controls > text.Length * MaxControlShare)
        {
            return Reject(ReasonCodes.InvalidText, $"{controls} of {text.Length} characters are control characters: it is binary data, not text.");
        }

        return null;
    }

    private static DecisionReason Reject(string code, string message) => new()
    {
        Code = code,
        Message = message,
        Action = ReasonAction.Reject,
        Source = "validation",
    };
}
