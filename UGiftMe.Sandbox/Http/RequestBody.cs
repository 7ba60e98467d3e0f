using System.Text.Json;
using System.Text.Json.Nodes;

namespace UGiftMe.Sandbox.Http;

/// <summary>Reads a JSON object body by hand, so that bad input gets the API's 400 shape, never a framework page.</summary>
internal static class RequestBody
{
    private const int MaxBytes = 1024 * 1024;

    public static async Task<(JsonObject? Body, string? Problem)> ReadObjectAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return (null, "The request body must be a JSON object.");
        }

        if (buffer.Length > MaxBytes)
        {
            return (null, "The request body is larger than 1 MiB.");
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

        try
        {
            return node.GetValue<decimal>();
        }
        catch (FormatException)
        {
            problems.Add($"{name} must be a number");
            return null;
        }
        catch (OverflowException)
        {
            problems.Add($"{name} is out of range");
            return null;
        }
    }
}
