#if !NET
using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace UGiftMe;

// netstandard2.0 only: the few BCL members the SDK uses that neither the Polyfill package nor Microsoft's packages
// provide, with the behaviour they have on .NET, so the SDK's code reads the same on both targets.
[SuppressMessage("Design", "CA1034:Nested types should not be visible", Justification = "C# 14 extension blocks.")]
internal static class NetStandardShims
{
    extension(HttpHeaders headers)
    {
        /// <summary>
        /// The headers themselves: the SDK's header readers only enumerate them and look values up, which
        /// <see cref="HttpHeaders"/> does as .NET's non-validated view does (netstandard2.0 has no such view).
        /// </summary>
        public HttpHeaders NonValidated => headers;
    }

    extension(HttpRequestException exception)
    {
        /// <summary>
        /// The classification .NET 8+ gives a failure (this build runs there for apps on .NET 8 and 9);
        /// <see cref="HttpRequestError.Unknown"/> on .NET Framework and Mono, whose handlers do not classify.
        /// </summary>
        public HttpRequestError HttpRequestError =>
            RuntimeHttpRequestError?.GetValue(exception) is { } error ? (HttpRequestError)(int)error : HttpRequestError.Unknown;
    }

    private static readonly System.Reflection.PropertyInfo? RuntimeHttpRequestError =
        typeof(HttpRequestException).GetProperty("HttpRequestError");

    extension(HttpMethod)
    {
        public static HttpMethod Parse(ReadOnlySpan<char> method) => new(method.ToString());
    }

    extension(Task)
    {
        public static Task Delay(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken) =>
            timeProvider.Delay(delay, cancellationToken);
    }

    extension(ValueTask)
    {
        public static ValueTask<T> FromResult<T>(T result) => new(result);
    }

    extension(string text)
    {
        public string Replace(string oldValue, string? newValue, StringComparison comparison)
        {
            var builder = new StringBuilder(text.Length);
            var start = 0;
            for (var at = text.IndexOf(oldValue, comparison); at >= 0; at = text.IndexOf(oldValue, start, comparison))
            {
                builder.Append(text, start, at - start).Append(newValue);
                start = at + oldValue.Length;
            }

            return start == 0 ? text : builder.Append(text, start, text.Length - start).ToString();
        }
    }

    extension(HMACSHA256)
    {
        public static int HashData(byte[] key, ReadOnlySpan<byte> source, Span<byte> destination)
        {
            using var hmac = new HMACSHA256(key);
            var hash = hmac.ComputeHash(source.ToArray());
            hash.CopyTo(destination);
            return hash.Length;
        }
    }
}

/// <summary>How an <see cref="System.Net.Http.HttpRequestException"/> failed: the runtime's values, where it has them (.NET 8+).</summary>
internal enum HttpRequestError
{
    Unknown,
    NameResolutionError,
    ConnectionError,
    SecureConnectionError,
    HttpProtocolError,
    ExtendedConnectNotSupported,
    VersionNegotiationError,
    UserAuthenticationError,
    ProxyTunnelError,
    InvalidResponse,
    ResponseEnded,
    ConfigurationLimitExceeded,
}
#endif
