using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
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
    public static readonly JsonSerializer Strict = JsonSerializer.Create();

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
        try
        {
            return Deserialize<JToken>(Strict, body) is JObject error ? error.ToObject<T>(Lenient<T>.Serializer) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A request body of <paramref name="value"/> as <c>application/json</c>.</summary>
    public static HttpContent Content<T>(T value)
    {
        // Written into pooled chars, then encoded once into the exact array the content sends.
        using var text = new PooledTextWriter();
        using (var json = new JsonTextWriter(text) { ArrayPool = CharPool.Instance, CloseOutput = false })
        {
            Strict.Serialize(json, value);
        }

        var content = new ByteArrayContent(text.ToUtf8());
        content.Headers.ContentType = Json;
        return content;
    }

    // A body up to this size is decoded at once into pooled chars; a larger one is read through a StreamReader's small
    // buffers, so that a body near MaxResponseSize does not need twice its size again as text.
    private const int PooledTextLimit = 1024 * 1024;

    private static T? Deserialize<T>(JsonSerializer serializer, ReadOnlyMemory<byte> body)
    {
        var bytes = MemoryMarshal.TryGetArray(body, out var segment) ? segment : new ArraySegment<byte>(body.ToArray());
        char[]? pooled = null;
        try
        {
            using var reader = new JsonTextReader(Text(bytes, out pooled)) { ArrayPool = CharPool.Instance };
            var value = serializer.Deserialize<T>(reader);
            // One JSON value, and nothing after it.
            return reader.Read() ? throw new JsonReaderException($"The body has more after its JSON value (line {reader.LineNumber}, position {reader.LinePosition}).") : value;
        }
        finally
        {
            if (pooled is not null)
            {
                ArrayPool<char>.Shared.Return(pooled);
            }
        }
    }

    // As a StreamReader reads it (UTF-8, invalid bytes replaced, a byte order mark followed), without its buffers: a
    // body up to PooledTextLimit is decoded once into a pooled array, which the caller gives back.
    private static TextReader Text(ArraySegment<byte> body, out char[]? pooled)
    {
        var bytes = body.AsSpan();
        var utf8Bom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var otherBom = bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]);
        if (body.Count > PooledTextLimit || otherBom)
        {
            pooled = null;
            return new StreamReader(new MemoryStream(body.Array!, body.Offset, body.Count, writable: false));
        }

        pooled = ArrayPool<char>.Shared.Rent(body.Count + 1);
        return new CharsReader(pooled, Encoding.UTF8.GetChars(body.Array!, body.Offset + utf8Bom, body.Count - utf8Bom, pooled, 0));
    }

    /// <summary>Reads a <typeparamref name="T"/> leaving out each of its members that does not read, whole (a list with one bad element too).</summary>
    private static class Lenient<T>
    {
        public static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
        {
            Error = static (_, failed) => failed.ErrorContext.Handled = failed.CurrentObject is T,
        });
    }

    /// <summary>Newtonsoft's reader and writer buffers from the shared pool, instead of new arrays per body.</summary>
    private sealed class CharPool : IArrayPool<char>
    {
        public static readonly CharPool Instance = new();

        public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

        public void Return(char[]? array)
        {
            if (array is not null)
            {
                ArrayPool<char>.Shared.Return(array);
            }
        }
    }

    /// <summary>Decoded text read from a pooled char array the caller gives back after the read, instead of a string or a <see cref="StreamReader"/>.</summary>
    private sealed class CharsReader(char[] chars, int length) : TextReader
    {
        private int _position;

        public override int Peek() => _position < length ? chars[_position] : -1;

        public override int Read() => _position < length ? chars[_position++] : -1;

        public override int Read(char[] buffer, int index, int count)
        {
            var read = Math.Min(count, length - _position);
            Array.Copy(chars, _position, buffer, index, read);
            _position += read;
            return read;
        }
    }

    /// <summary>Text written into a pooled array (grown through the pool), which disposing gives back.</summary>
    private sealed class PooledTextWriter() : TextWriter(CultureInfo.InvariantCulture)
    {
        private char[] _chars = ArrayPool<char>.Shared.Rent(512);
        private int _length;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            Reserve(1)[0] = value;
        }

        public override void Write(char[] buffer, int index, int count) => buffer.AsSpan(index, count).CopyTo(Reserve(count));

        public override void Write(string? value) => value.AsSpan().CopyTo(Reserve(value?.Length ?? 0));

        public byte[] ToUtf8() => Encoding.UTF8.GetBytes(_chars, 0, _length);

        protected override void Dispose(bool disposing)
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = [];
            base.Dispose(disposing);
        }

        private Span<char> Reserve(int count)
        {
            if (_length + count > _chars.Length)
            {
                var larger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + count));
                _chars.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<char>.Shared.Return(_chars);
                _chars = larger;
            }

            _length += count;
            return _chars.AsSpan(_length - count, count);
        }
    }
}
