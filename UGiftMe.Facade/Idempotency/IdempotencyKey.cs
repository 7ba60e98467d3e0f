using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UGiftMe;

/// <summary>
/// Makes <c>Idempotency-Key</c> values. UGiftMe replays the original answer for a key it has seen with the same
/// payload, so a create resent with the same key can never order a second gift card.
/// </summary>
/// <remarks>
/// <para>A key is <b>spent</b> once UGiftMe accepted a create with it (201 or 202): resending it replays that answer,
/// also when the queued request later failed. After a definitive failure (<see cref="OrderFailedException"/>,
/// including <see cref="InsufficientFundsException"/>) order again with the next attempt's key,
/// <see cref="NextAttempt"/> of the failed one or <c>OrderCreateOptions.Attempt + 1</c>: it is computed, never
/// random, so a process that crashes and rebuilds the request sends the same key again.</para>
/// </remarks>
public static class IdempotencyKey
{
    private const string RandomPrefix = "ugm_";
    private const string ReferencePrefix = "ugm_ref_";
    private const string AttemptSeparator = ".a";

    /// <summary>A new random key (what the SDK uses when the caller gives none).</summary>
    public static string Create() => RandomPrefix + Guid.NewGuid().ToString("N");

    /// <summary>
    /// A key derived from the caller's own business reference (e.g. a purchase-order number), so a process that
    /// restarts and resends the same order sends the same key. The reference is hashed: it never leaves the machine.
    /// </summary>
    /// <remarks>
    /// Two different (scope, reference) pairs never give the same key: the hash covers the scope, a line feed and the
    /// reference, and neither may contain a control character (so the first line feed is where the scope ends) or a
    /// lone UTF-16 surrogate (which UTF-8 could only replace). A missing scope and an empty one are the same scope. The
    /// keys of references without such characters are the keys earlier versions computed, so stored references keep
    /// their keys.
    /// </remarks>
    /// <param name="businessReference">Unique per intended order within <paramref name="scope"/>.</param>
    /// <param name="scope">Optional namespace (e.g. your tenant or system name) so equal references elsewhere differ.</param>
    /// <exception cref="ArgumentException">The reference is blank, or the reference or scope holds a control character
    /// (a line break, a tab, ...) or a lone surrogate.</exception>
    public static string FromReference(string businessReference, string? scope = null) => FromReference(businessReference, 1, scope);

    /// <summary>
    /// The key of one attempt at ordering <paramref name="businessReference"/>: attempt 1 is
    /// <see cref="FromReference(string, string?)"/>, attempt n+1 is <see cref="NextAttempt"/> of attempt n. Move to the
    /// next attempt only after the previous one definitively failed (see the remarks on <see cref="IdempotencyKey"/>).
    /// </summary>
    /// <param name="businessReference">Unique per intended order within <paramref name="scope"/>.</param>
    /// <param name="attempt">1 for the first attempt; at most 1000.</param>
    /// <param name="scope">Optional namespace (e.g. your tenant or system name) so equal references elsewhere differ.</param>
    /// <exception cref="ArgumentException">The reference is blank, or the reference or scope holds a control character
    /// or a lone surrogate (see <see cref="FromReference(string, string?)"/>).</exception>
    public static string FromReference(string businessReference, int attempt, string? scope = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(businessReference);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(attempt, 1000);
        RequireUnambiguous(businessReference, nameof(businessReference));
        RequireUnambiguous(scope, nameof(scope));

        // Neither part holds a control character, so the line feed ends the scope and the pair reads back one way only.
        var material = Encoding.UTF8.GetBytes($"{scope}\n{businessReference}");
        var hash = SHA256.HashData(material);
        var first = ReferencePrefix + Convert.ToHexStringLower(hash.AsSpan(0, 20));
        return attempt == 1 ? first : first + AttemptSeparator + attempt.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The key to order again with after the create sent with <paramref name="key"/> definitively failed: the same
    /// key with its attempt number raised (<c>k</c> → <c>k.a2</c> → <c>k.a3</c>). It is a pure function of the failed
    /// key, so every process computes the same next key and a crash between attempts cannot order twice.
    /// </summary>
    /// <param name="key">The key of the failed attempt, e.g. <see cref="UGiftMeException.IdempotencyKey"/>.</param>
    public static string NextAttempt(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var (root, attempt) = Split(key);
        return root + AttemptSeparator + (attempt + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The attempt number a key carries: 1 for a key without an attempt suffix.</summary>
    /// <param name="key">A key made by this class or given by the caller.</param>
    public static int AttemptOf(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Split(key).Attempt;
    }

    private static void RequireUnambiguous(string? value, string parameter)
    {
        for (var i = 0; value is not null && i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                throw new ArgumentException(
                    $"The {(parameter == "scope" ? "scope" : "business reference")} has a control character (U+{(int)c:X4}) at position {i}: " +
                    "line breaks, tabs and other control characters are refused, so that no two references can give the same key.", parameter);
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException(
                    $"The {(parameter == "scope" ? "scope" : "business reference")} has a lone UTF-16 surrogate (U+{(int)c:X4}) at position {i}: " +
                    "it is not text UTF-8 can carry, so two references could give the same key.", parameter);
            }
        }
    }

    // A suffix counts only as ".a" + a number of 2 or more without leading zeros, so NextAttempt never maps two
    // different keys to the same next key ("k" -> "k.a2", but "k.a1" -> "k.a1.a2").
    private static (string Root, int Attempt) Split(string key)
    {
        var at = key.LastIndexOf(AttemptSeparator, StringComparison.Ordinal);
        if (at > 0)
        {
            var digits = key.AsSpan(at + AttemptSeparator.Length);
            if (digits.Length is > 0 and < 9 && digits[0] != '0' && digits.ContainsAnyExceptInRange('0', '9') is false
                && int.TryParse(digits, CultureInfo.InvariantCulture, out var attempt) && attempt >= 2)
            {
                return (key[..at], attempt);
            }
        }

        return (key, 1);
    }
}
