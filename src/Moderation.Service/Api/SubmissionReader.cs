using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Moderation.Contracts;
using Moderation.Service.Decisions;

namespace Moderation.Service.Api;

/// <summary>
/// Reads a <see cref="CommentSubmitted"/> from a request body and turns every way it can be wrong
/// into a specific 400 answer. The answer never echoes the comment text.
/// </summary>
internal static class SubmissionReader
{
    public static async Task<(CommentSubmitted? Comment, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem("UnsupportedContentType", "The body must be JSON, sent with Content-Type: application/json."));
        }

        if (request.ContentLength > CommentsApi.MaxBodyBytes)
        {
            return (null, Problem("BodyTooLarge", $"The body is {request.ContentLength} bytes; at most {CommentsApi.MaxBodyBytes} are accepted.", StatusCodes.Status413PayloadTooLarge));
        }

        try
        {
            var comment = await JsonSerializer.DeserializeAsync<CommentSubmitted>(request.Body, DecisionEvents.Json, cancellationToken);
            return comment is null
                ? (null, Problem("MissingField", "The body is JSON null; a comment object is required."))
                : (comment, null);
        }
        catch (JsonException ex) when (UndecodableText(ex) is { } code)
        {
            // The reader could not turn a string into .NET text: invalid UTF-8 bytes, or an escaped
            // lone surrogate ("\ud800"). The path in the message names the field; never the value.
            return (null, Problem(code, $"{ex.Message} The text is not valid {(code == "InvalidUtf8" ? "UTF-8" : "Unicode (an unpaired surrogate)")}."));
        }
        catch (JsonException ex)
        {
            // System.Text.Json names the path and position, not the offending value.
            return (null, Problem(ex.Message.Contains("missing required properties", StringComparison.Ordinal) ? "MissingField" : "MalformedJson", ex.Message));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or DecoderFallbackException)
        {
            return (null, Problem("InvalidUtf8", "The body is not valid UTF-8 JSON."));
        }
    }

    /// <summary>
    /// System.Text.Json reports undecodable strings as an InvalidOperationException inside the
    /// JsonException, like a wrong token type; only its message tells them apart.
    /// </summary>
    private static string? UndecodableText(JsonException ex) => ex.InnerException switch
    {
        InvalidOperationException inner when inner.Message.Contains("UTF-8", StringComparison.Ordinal) => "InvalidUtf8",
        InvalidOperationException inner when inner.Message.Contains("UTF-16", StringComparison.Ordinal) || inner.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase) => "InvalidUnicode",
        _ => null,
    };

    public static ProblemHttpResult Problem(string code, string detail, int status = StatusCodes.Status400BadRequest, string? field = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (field is not null)
        {
            extensions["field"] = field;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: code, extensions: extensions);
    }
}
