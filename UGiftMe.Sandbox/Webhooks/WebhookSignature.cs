using System.Security.Cryptography;
using System.Text;

namespace UGiftMe.Sandbox.Webhooks;

/// <summary>The documented signature: lowercase hex HMAC-SHA256 of the body bytes, keyed with the secret's UTF-8 bytes.</summary>
internal static class WebhookSignature
{
    public static string Compute(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
