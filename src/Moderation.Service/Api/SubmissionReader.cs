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

        var body = request.Body;
        if (request.ContentLength is null)
        {
            body = await ReadBoundedAsync(request, cancellationToken);
            if (body is null)
            {
                return (null, Problem("BodyTooLarge", $"The body is larger than the {CommentsApi.MaxBodyBytes} bytes accepted.", StatusCodes.Status413PayloadTooLarge));
            }
        }

        try
        {
            var comment = await JsonSerializer.DeserializeAsync<CommentSubmitted>(body, DecisionEvents.Json, cancellationToken);
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

    /// <summary>The most of a body without a length that is read (and dropped) after it passed the limit.</summary>
    internal const long DrainBytes = 32 * 1024 * 1024;

    /// <summary>
    /// A body sent without a length (chunked), read into memory up to the limit; null when it is longer. Past the
    /// limit the rest is read and dropped, up to <see cref="DrainBytes"/>, so that the client finishes sending and
    /// reads the 413 instead of finding its connection reset half-way through the body.
    /// </summary>
    private static async Task<Stream?> ReadBoundedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = DrainBytes;
        }

        var kept = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (kept.Length + read > CommentsApi.MaxBodyBytes)
                {
                    while (await request.Body.ReadAsync(buffer, cancellationToken) > 0)
                    {
                        // Dropped: only read so that the client gets the answer.
                    }

                    return null;
                }

                kept.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Longer than DrainBytes: Kestrel answers and closes the connection.
            return null;
        }

        kept.Position = 0;
        return kept;
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
