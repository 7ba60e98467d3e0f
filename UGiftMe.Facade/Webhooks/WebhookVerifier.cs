using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace UGiftMe;

/// <summary>
/// Verifies UGiftMe webhook deliveries exactly as UGiftMe signs them: <c>X-Webhook-Signature</c> is the lowercase hex
/// HMAC-SHA256 of the raw body bytes, keyed with the webhook secret's UTF-8 bytes (no timestamp, no prefix).
/// Verify the bytes exactly as received: a body that was parsed and re-serialized will not match.
/// </summary>
/// <remarks>
/// <para>Several secrets can be configured so a secret can be rotated without dropping deliveries: a signature made
/// with any of them is accepted. Secrets are held as bytes only and never appear in <see cref="ToString"/> or in
/// exception messages.</para>
/// <para>The signature header is hex-decoded and the 32 raw bytes are compared in constant time with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>; upper-case hex is therefore accepted too.</para>
/// <para>Instances are immutable and thread-safe; create one and reuse it.</para>
/// </remarks>
public sealed class WebhookVerifier
{
    private const int DigestSize = 32; // HMAC-SHA256

    private readonly byte[][] _keys;

    /// <summary>Creates a verifier for one or more webhook secrets (several while rotating).</summary>
    /// <param name="secrets">The secrets UGiftMe returned when each webhook was created.</param>
    /// <exception cref="ArgumentException">No secret is given, or one is empty or has surrounding whitespace.</exception>
    public WebhookVerifier(params IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _keys = [.. secrets.Select(ToKey)];
        if (_keys.Length == 0)
        {
            throw new ArgumentException("At least one webhook secret is required.", nameof(secrets));
        }
    }

    /// <summary>The number of secrets accepted.</summary>
    public int SecretCount => _keys.Length;

    /// <summary>
    /// Checks the signature, then parses the body into the typed event named by <c>X-Webhook-Event</c>.
    /// </summary>
    /// <param name="body">The request body bytes exactly as received.</param>
    /// <param name="headers">The delivery headers.</param>
    /// <returns>The verified event; a <c>WebhookEvent&lt;JToken&gt;</c> for event names without a model.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is rejected; <see cref="WebhookVerificationException.Reason"/> says why.</exception>
    [RequiresUnreferencedCode(TrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TrimmingMessages.DynamicCode)]
    public WebhookEvent Verify(ReadOnlySpan<byte> body, WebhookHeaders headers)
    {
        var failure = VerifyCore(body, headers, out var webhookEvent, out var problem);
        return failure == WebhookVerificationFailure.None
            ? webhookEvent!
            : throw new WebhookVerificationException(failure, problem!);
    }

    /// <summary>
    /// Verifies a body held as text, encoded as UTF-8. The text must be the body exactly as received, not JSON that
    /// was parsed and serialized again.
    /// </summary>
    /// <param name="body">The request body text exactly as received.</param>
    /// <param name="headers">The delivery headers.</param>
    /// <returns>The verified event; a <c>WebhookEvent&lt;JToken&gt;</c> for event names without a model.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is rejected; <see cref="WebhookVerificationException.Reason"/> says why.</exception>
    [RequiresUnreferencedCode(TrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TrimmingMessages.DynamicCode)]
    public WebhookEvent Verify(string body, WebhookHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Verify(Encoding.UTF8.GetBytes(body), headers);
    }

    /// <summary>Like <see cref="Verify(ReadOnlySpan{byte}, WebhookHeaders)"/>, but reports a rejection instead of throwing.</summary>
    /// <param name="body">The request body bytes exactly as received.</param>
    /// <param name="headers">The delivery headers.</param>
    /// <param name="webhookEvent">The verified event, or null when rejected.</param>
    /// <param name="failure">Why the delivery was rejected, or <see cref="WebhookVerificationFailure.None"/>.</param>
    /// <returns>True when the delivery is genuine and its body a valid payload.</returns>
    [RequiresUnreferencedCode(TrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(TrimmingMessages.DynamicCode)]
    public bool TryVerify(
        ReadOnlySpan<byte> body,
        WebhookHeaders headers,
        [NotNullWhen(true)] out WebhookEvent? webhookEvent,
        out WebhookVerificationFailure failure)
    {
        failure = VerifyCore(body, headers, out webhookEvent, out _);
        return failure == WebhookVerificationFailure.None;
    }

    /// <summary>
    /// Checks only the signature, without parsing the body and without allocating. Use it when you parse the body
    /// yourself.
    /// </summary>
    /// <param name="body">The request body bytes exactly as received.</param>
    /// <param name="signature">The <c>X-Webhook-Signature</c> value.</param>
    /// <returns><see cref="WebhookVerificationFailure.None"/> when the signature matches one of the secrets, otherwise
    /// <see cref="WebhookVerificationFailure.MissingSignature"/>, <see cref="WebhookVerificationFailure.MalformedSignature"/>
    /// or <see cref="WebhookVerificationFailure.SignatureMismatch"/>.</returns>
    public WebhookVerificationFailure VerifySignature(ReadOnlySpan<byte> body, ReadOnlySpan<char> signature)
    {
        signature = signature.Trim();
        if (signature.IsEmpty)
        {
            return WebhookVerificationFailure.MissingSignature;
        }

        Span<byte> expected = stackalloc byte[DigestSize];
        if (signature.Length != DigestSize * 2
            || Convert.FromHexString(signature, expected, out _, out var written) != OperationStatus.Done
            || written != DigestSize)
        {
            return WebhookVerificationFailure.MalformedSignature;
        }

        Span<byte> actual = stackalloc byte[DigestSize];
        foreach (var key in _keys)
        {
            HMACSHA256.HashData(key, body, actual);
            if (CryptographicOperations.FixedTimeEquals(actual, expected))
            {
                return WebhookVerificationFailure.None;
            }
        }

        return WebhookVerificationFailure.SignatureMismatch;
    }

    /// <summary>Describes the verifier without revealing any secret.</summary>
    /// <returns>The type name and the number of secrets.</returns>
    public override string ToString() => $"{nameof(WebhookVerifier)} ({_keys.Length} secret{(_keys.Length == 1 ? "" : "s")})";

    private static byte[] ToKey(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new ArgumentException("A webhook secret is null, empty or whitespace.", nameof(secret));
        }

        if (char.IsWhiteSpace(secret[0]) || char.IsWhiteSpace(secret[^1]))
        {
            throw new ArgumentException(
                "A webhook secret starts or ends with whitespace; UGiftMe secrets do not, so it was probably copied with "
                + "surrounding spaces or a line break.", nameof(secret));
        }

        return Encoding.UTF8.GetBytes(secret);
    }

    private WebhookVerificationFailure VerifyCore(
        ReadOnlySpan<byte> body, WebhookHeaders headers, out WebhookEvent? webhookEvent, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(headers);
        webhookEvent = null;
        var failure = VerifySignature(body, headers.Signature);
        problem = failure switch
        {
            WebhookVerificationFailure.None => null,
            WebhookVerificationFailure.MissingSignature =>
                $"The {WebhookHeaders.SignatureHeaderName} header is missing or empty; this request was not signed by UGiftMe.",
            WebhookVerificationFailure.MalformedSignature =>
                $"The {WebhookHeaders.SignatureHeaderName} header is not 64 hexadecimal characters (an HMAC-SHA256 "
                + "digest in hex, with no prefix such as 'sha256=').",
            _ =>
                $"The {WebhookHeaders.SignatureHeaderName} header does not match the body under any of the "
                + $"{_keys.Length} configured secret(s). Check that you verify the raw request body bytes exactly as "
                + "received (a body that was parsed and re-serialized, or re-encoded, will not match) and that the secret "
                + "is the one returned when this webhook was created.",
        };
        if (failure != WebhookVerificationFailure.None)
        {
            return failure;
        }

        if (string.IsNullOrEmpty(headers.EventName))
        {
            problem = $"The signature is valid but the {WebhookHeaders.EventHeaderName} header is missing or empty.";
            return WebhookVerificationFailure.MissingEventName;
        }

        return WebhookPayloadReader.TryRead(body, headers.EventName, headers.IsTestDelivery, out webhookEvent, out problem);
    }
}
