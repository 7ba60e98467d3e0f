using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UGiftMe.Sandbox.Json;

/// <summary>
/// The wire conventions of the real API (a Node.js server): camelCase, no nulls, compact output, dates as
/// <c>toISOString()</c> writes them and numbers without trailing zeros, so bodies (and webhook signatures) look like
/// the documented examples.
/// </summary>
internal static class SandboxJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new IsoDateTimeOffsetConverter(), new NormalizedDecimalConverter() },
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static Task WriteAsync<T>(HttpContext context, int statusCode, T value)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(value, Options, context.RequestAborted);
    }

    public static async Task WriteBytesAsync(HttpContext context, int statusCode, byte[] body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext context, int statusCode, string error, string? message = null) =>
        WriteAsync(context, statusCode, new ErrorBody(error, message));
}
