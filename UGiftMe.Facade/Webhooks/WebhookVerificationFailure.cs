namespace UGiftMe;

/// <summary>
/// Why a webhook delivery was rejected by <see cref="WebhookVerifier"/>.
/// </summary>
public enum WebhookVerificationFailure
{
    /// <summary>The delivery was accepted.</summary>
    None = 0,

    /// <summary>The <c>X-Webhook-Signature</c> header is absent or empty.</summary>
    MissingSignature,

    /// <summary>The <c>X-Webhook-Signature</c> header is not 64 hexadecimal characters (a SHA-256 digest).</summary>
    MalformedSignature,

    /// <summary>
    /// The signature is well formed but matches the body under none of the configured secrets: the body was changed
    /// (often re-serialized or re-encoded by a framework before verification) or the secret is wrong.
    /// </summary>
    SignatureMismatch,

    /// <summary>The signature is valid but the <c>X-Webhook-Event</c> header is absent or empty.</summary>
    MissingEventName,

    /// <summary>
    /// The signature is valid but the body is not a valid payload: not UTF-8, not JSON, or not the shape the
    /// event requires.
    /// </summary>
    InvalidPayload,

    /// <summary>
    /// The signature is valid but the body contradicts the <c>X-Webhook-Event</c> header (for example an
    /// <c>order.failed</c> body sent as <c>order.succeeded</c>). The header is not covered by the signature, so this
    /// guards against a genuine body being replayed under another event name.
    /// </summary>
    EventNameMismatch,
}
