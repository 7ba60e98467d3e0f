using System.Net;
using Microsoft.Extensions.Logging;

namespace UGiftMe;

/// <summary>
/// The rule for where the API key may go: over HTTPS, or over plain HTTP only to this machine (a loopback address:
/// 127.0.0.0/8, ::1 or <c>localhost</c>), unless <see cref="UGiftMeClientOptions.AllowInsecureTransport"/> says the
/// network is trusted.
/// </summary>
internal static partial class TransportSecurity
{
    /// <summary>Whether <paramref name="address"/> is plain HTTP to a host that is not a loopback address.</summary>
    public static bool IsClearTextOffMachine(Uri address) =>
        address.IsAbsoluteUri && string.Equals(address.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && !IsLoopback(address);

    /// <summary>
    /// A loopback address, by the host the request will be sent to: an IPv4 address in 127.0.0.0/8 (in any notation
    /// <see cref="Uri"/> reads, also IPv4-mapped IPv6), the IPv6 address ::1, or the name <c>localhost</c> (which
    /// <see cref="Uri"/> also makes of the name <c>loopback</c>). <c>localhost.</c> and names under it are not.
    /// </summary>
    public static bool IsLoopback(Uri address) => address.HostNameType switch
    {
        UriHostNameType.IPv4 or UriHostNameType.IPv6 => IPAddress.TryParse(address.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip),
        UriHostNameType.Dns => string.Equals(address.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>The validation problem for an address that would carry the key in clear text, or null.</summary>
    public static string? Problem(Uri? baseAddress, bool allowInsecureTransport) =>
        baseAddress is not null && !allowInsecureTransport && IsClearTextOffMachine(baseAddress)
            ? $"UGiftMeClientOptions.BaseAddress '{baseAddress.GetLeftPart(UriPartial.Authority)}' is plain HTTP to a host that is not a loopback address, " +
              "so the API key (X-API-Key) would travel in clear text: use https://, or http:// only to 127.0.0.1, ::1 or localhost. " +
              "On a network you trust (a TLS-terminating sidecar), set UGiftMeClientOptions.AllowInsecureTransport = true."
            : null;

    /// <summary>Logs, once per client, that its key goes out in clear text because the opt-out allowed it.</summary>
    public static void WarnIfClearText(UGiftMeClientOptions options, ILogger logger)
    {
        if (options.AllowInsecureTransport && IsClearTextOffMachine(options.ResolvedBaseAddress))
        {
            ClearTextAllowed(logger, options.ResolvedBaseAddress.GetLeftPart(UriPartial.Authority));
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning,
        Message = "UGiftMe client sends its API key in clear text to {BaseAddress} (plain HTTP off this machine), because UGiftMeClientOptions.AllowInsecureTransport is set: " +
            "anyone on the network path can read and reuse the key. Use https:// unless the network is trusted.")]
    private static partial void ClearTextAllowed(ILogger logger, string baseAddress);
}
