using System.Security.Cryptography;
using System.Text;

namespace UGiftMe;

/// <summary>
/// Makes <c>Idempotency-Key</c> values. UGiftMe replays the original 201 for a key it has seen with the same payload,
/// so a create resent with the same key can never order a second gift card.
/// </summary>
public static class IdempotencyKey
{
    private const string RandomPrefix = "ugm_";
    private const string ReferencePrefix = "ugm_ref_";

    /// <summary>A new random key (what the SDK uses when the caller gives none).</summary>
    public static string Create() => RandomPrefix + Guid.NewGuid().ToString("N");

    /// <summary>
    /// A key derived from the caller's own business reference (e.g. a purchase-order number), so a process that
    /// restarts and resends the same order sends the same key. The reference is hashed: it never leaves the machine.
    /// </summary>
    /// <param name="businessReference">Unique per intended order within <paramref name="scope"/>.</param>
    /// <param name="scope">Optional namespace (e.g. your tenant or system name) so equal references elsewhere differ.</param>
    public static string FromReference(string businessReference, string? scope = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(businessReference);
        var material = Encoding.UTF8.GetBytes($"{scope}\n{businessReference}");
        var hash = SHA256.HashData(material);
        return ReferencePrefix + Convert.ToHexStringLower(hash.AsSpan(0, 20));
    }
}
