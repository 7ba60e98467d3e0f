using System.Text.Json;
using System.Text.Json.Nodes;

namespace UGiftMe.Sandbox.Http;

/// <summary>Reads a JSON object body by hand, so that bad input gets the API's 400 shape, never a framework page.</summary>
internal static class RequestBody
{
    /// <summary>The largest request body accepted: 1 MiB. Kestrel stops reading (and draining) just above it.</summary>
    public const int MaxBytes = 1024 * 1024;

    public static async Task<(JsonObject? Body, string? Problem)> ReadObjectAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            return (null, "The request body is larger than 1 MiB.");
        }

        // The limit is enforced while reading: a huge body is never held in memory.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return (null, "The request body is larger than 1 MiB.");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, "The request body is larger than 1 MiB.");
        }

        if (buffer.Length == 0)
        {
            return (null, "The request body must be a JSON object.");
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray()) is JsonObject body
                ? (body, null)
                : (null, "The request body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            return (null, $"The request body is not valid JSON: {exception.Message}");
        }
    }

    /// <summary>A string member, or a problem text; absent or <c>null</c> members are <see langword="null"/>.</summary>
    public static string? OptionalString(JsonObject body, string name, List<string> problems)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            problems.Add($"{name} must be a string");
            return null;
        }

        return node.GetValue<string>();
    }

    public static string? RequiredString(JsonObject body, string name, List<string> problems)
    {
        if (body[name] is null)
        {
            problems.Add($"{name} is required");
            return null;
        }

        var value = OptionalString(body, name, problems);
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{name} must not be empty");
            return null;
        }

        return value;
    }

    public static decimal? RequiredNumber(JsonObject body, string name, List<string> problems)
    {
        var node = body[name];
        if (node is null)
        {
            problems.Add($"{name} is required");
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number)
        {
            problems.Add($"{name} must be a number");
            return null;
        }

        // TryGetValue, not GetValue: a number beyond decimal's range (1e400) throws InvalidOperationException there.
        if (node is JsonValue value && value.TryGetValue<decimal>(out var number))
        {
            return number;
        }

        problems.Add($"{name} is out of range");
        return null;
    }
}
