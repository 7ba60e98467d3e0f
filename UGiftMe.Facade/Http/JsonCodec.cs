using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace UGiftMe;

/// <summary>
/// The JSON half of the generated codec: the generated <c>Build*</c> methods write request bodies with it and the
/// <c>Read*</c> methods read response bodies with it, from the one buffer the pipeline read.
/// </summary>
internal static class JsonCodec
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// The SDK's one serializer for API JSON, with Newtonsoft's defaults and never the application's
    /// <c>JsonConvert.DefaultSettings</c>; safe to share while its settings do not change.
    /// </summary>
    public static readonly JsonSerializer Strict = JsonSerializer.Create(new JsonSerializerSettings());

    /// <summary>Reads a 2xx body as <typeparamref name="T"/>; throws a <see cref="JsonException"/> when it is not one.</summary>
    public static T Read<T>(ReadOnlyMemory<byte> body) =>
        Deserialize<T>(Strict, body) ?? throw new JsonSerializationException($"The body is empty or null, not a {typeof(T).Name}.");

    /// <summary>Refuses a 2xx status the spec does not declare for the operation: its body's shape is unknown.</summary>
    public static T Undeclared<T>(int status) =>
        throw new JsonSerializationException($"{status} is not an answer the API documents for this call, so its body's shape is unknown.");

    /// <summary>
    /// Reads an error body as <typeparamref name="T"/> as far as it goes: a member that does not read (a number out of
    /// range, a wrong type) is left unset instead of losing the whole error. Null when the body is not a JSON object.
    /// </summary>
    public static T? ReadError<T>(ReadOnlyMemory<byte> body)
        where T : class
    {
        JObject error;
        try
        {
            if (Deserialize<JToken>(Strict, body) is not JObject parsed)
            {
                return null;
            }

            error = parsed;
        }
        catch (JsonException)
        {
            return null;
        }

        while (true)
        {
            try
            {
                return error.ToObject<T>(Strict);
            }
            catch (Exception unreadable) when (unreadable is JsonException or OverflowException or FormatException or InvalidCastException or ArgumentException)
            {
                // Drop the member that failed (named by the exception's path, else the first one left) and read the rest.
                var path = (unreadable as JsonReaderException)?.Path ?? (unreadable as JsonSerializationException)?.Path;
                var member = (path is { Length: > 0 } ? error.SelectToken(path) : null)?.AncestorsAndSelf().OfType<JProperty>().LastOrDefault() ?? error.Properties().FirstOrDefault();
                if (member is null)
                {
                    return null;
                }

                member.Remove();
            }
        }
    }

    /// <summary>A request body of <paramref name="value"/> as <c>application/json</c>.</summary>
    public static HttpContent Content<T>(T value)
    {
        // As JsonConvert.SerializeObject does: a string first, then its UTF-8 bytes (cheaper than a growing stream).
        var text = new StringWriter(new System.Text.StringBuilder(256), System.Globalization.CultureInfo.InvariantCulture);
        Strict.Serialize(text, value);
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        content.Headers.ContentType = Json;
        return content;
    }

    private static T? Deserialize<T>(JsonSerializer serializer, ReadOnlyMemory<byte> body)
    {
        var stream = MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
        using var reader = new JsonTextReader(new StreamReader(stream));
        var value = serializer.Deserialize<T>(reader);
        // One JSON value, and nothing after it.
        return reader.Read() ? throw new JsonReaderException($"The body has more after its JSON value (line {reader.LineNumber}, position {reader.LinePosition}).") : value;
    }
}
