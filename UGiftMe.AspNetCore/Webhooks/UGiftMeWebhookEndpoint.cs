using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace UGiftMe.AspNetCore;

/// <summary>
/// Handles one webhook request: raw body within the size limit, signature, de-duplication, dispatch, status code.
/// </summary>
/// <remarks>
/// Status codes: 200 handled (or an already handled retry); 401 missing, malformed or wrong signature; 400 valid
/// signature over an unusable body; 413 body over the limit; 409 the same delivery is being handled by an earlier
/// attempt (whose claim is renewed while its handler runs, however long); 500 the handler threw, and the delivery is not
/// marked as handled so UGiftMe's retry is processed.
/// </remarks>
internal sealed class UGiftMeWebhookEndpoint
{
    private static readonly TimeSpan SlowHandlerThreshold = TimeSpan.FromSeconds(4);

    private readonly IOptionsMonitor<UGiftMeWebhookOptions> _options;
    private readonly IWebhookDeduplicationStore _store;
    private readonly UGiftMeWebhookSecrets _addedSecrets;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly OrderCompletionNotifier? _completions;
    private readonly ClaimRenewals _renewals;
    private VerifierForSecrets? _verifier;

    public UGiftMeWebhookEndpoint(
        IOptionsMonitor<UGiftMeWebhookOptions> options,
        IWebhookDeduplicationStore store,
        UGiftMeWebhookSecrets addedSecrets,
        TimeProvider timeProvider,
        ILogger<UGiftMeWebhookEndpoint> logger,
        OrderCompletionNotifier? completions = null)
    {
        _options = options;
        _store = store;
        _addedSecrets = addedSecrets;
        _timeProvider = timeProvider;
        _logger = logger;
        _completions = completions;
        _renewals = new ClaimRenewals(store, timeProvider, logger);
    }

    public async Task HandleAsync(HttpContext context, Func<WebhookEvent, IServiceProvider, CancellationToken, Task> handler)
    {
        var options = _options.CurrentValue;
        var aborted = context.RequestAborted;
        var headers = HeadersOf(context.Request);
        byte[]? body = null;
        try
        {
            if (string.IsNullOrWhiteSpace(headers.Signature))
            {
                // Refused on its headers: a request that cannot be verified never costs the read of its body.
                await RejectAsync(context, WebhookVerificationFailure.MissingSignature).ConfigureAwait(false);
                return;
            }

            var length = 0;
            try
            {
                (body, length) = await ReadBodyAsync(context, options.MaxBodySize, aborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                body = null;
            }
            catch (BadHttpRequestException e)
            {
                // Kestrel's verdict on the transfer itself (408: the body arrived too slowly; 400: malformed framing).
                UGiftMeWebhookLog.BodyUnreadable(_logger, e.StatusCode, e.Message);
                await RespondAsync(context, e.StatusCode, "Request body could not be read.").ConfigureAwait(false);
                return;
            }
            catch (IOException)
            {
                // The sender went away mid-body (connection reset): nothing to answer, nothing handled.
                UGiftMeWebhookLog.Aborted(_logger);
                return;
            }

            if (body is null)
            {
                UGiftMeWebhookLog.BodyTooLarge(_logger, options.MaxBodySize);
                await RespondAsync(context, StatusCodes.Status413PayloadTooLarge, "Body too large.").ConfigureAwait(false);
                return;
            }

            if (VerifierFor(options) is not { } verifier)
            {
                UGiftMeWebhookLog.NoSecret(_logger);
                await RespondAsync(context, StatusCodes.Status401Unauthorized, "No webhook secret is configured yet.").ConfigureAwait(false);
                return;
            }

            if (!verifier.TryVerify(body.AsSpan(0, length), headers, out var webhookEvent, out var failure))
            {
                await RejectAsync(context, failure).ConfigureAwait(false);
                return;
            }

            ArrayPool<byte>.Shared.Return(body);
            body = null;

            // Issue 14: a verified order.succeeded / order.failed ends the client's waits at once (every instance with
            // a backplane), before de-duplication so that a retry also repairs a lost notification. Never throws.
            if (_completions is not null)
            {
                await _completions.PublishAsync(webhookEvent, aborted).ConfigureAwait(false);
            }

            await DispatchAsync(context, options, webhookEvent, handler, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            UGiftMeWebhookLog.Aborted(_logger);
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    /// <returns>A pooled buffer holding the body, or a null buffer when the body exceeds the limit.</returns>
    private static async ValueTask<(byte[]? Buffer, int Length)> ReadBodyAsync(
        HttpContext context, long maxBodySize, CancellationToken cancellationToken)
    {
        var declared = context.Request.ContentLength;
        if (declared > maxBodySize)
        {
            return (null, 0);
        }

        // Let the server enforce the same limit (its own default is 30 MB) for bodies without Content-Length.
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBodySize;
        }

        // One byte beyond the limit tells "exactly at the limit" from "over it".
        var capacityLimit = (int)maxBodySize + 1;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(declared ?? 16 * 1024, capacityLimit));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= capacityLimit)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, 0);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, capacityLimit));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBodySize)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                if (length == declared)
                {
                    break; // the whole declared body: no further read is needed to see it end
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (buffer, length);
    }

    /// <summary>The delivery headers, looked up by name; the first value of each counts.</summary>
    private static WebhookHeaders HeadersOf(HttpRequest request) =>
        new(First(request.Headers, WebhookHeaders.EventHeaderName), First(request.Headers, WebhookHeaders.SignatureHeaderName),
            First(request.Headers, WebhookHeaders.DeliveryHeaderName));

    private static string? First(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private Task RejectAsync(HttpContext context, WebhookVerificationFailure failure)
    {
        var status = failure is WebhookVerificationFailure.MissingSignature
            or WebhookVerificationFailure.MalformedSignature or WebhookVerificationFailure.SignatureMismatch
            ? StatusCodes.Status401Unauthorized
            : StatusCodes.Status400BadRequest;
        UGiftMeWebhookLog.Rejected(_logger, status, failure);
        return RespondAsync(context, status, failure.ToString());
    }

    private static Task RespondAsync(HttpContext context, int statusCode, string text)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private async Task DispatchAsync(
        HttpContext context,
        UGiftMeWebhookOptions options,
        WebhookEvent webhookEvent,
        Func<WebhookEvent, IServiceProvider, CancellationToken, Task> handler,
        CancellationToken aborted)
    {
        WebhookDeliveryClaim? claim = null;
        if (options.Deduplicate)
        {
            try
            {
                claim = await _store.TryClaimAsync(webhookEvent.IdempotencyKey, aborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !aborted.IsCancellationRequested)
            {
                // Issue 14: without a working store a duplicate cannot be ruled out; 503 makes UGiftMe retry later.
                UGiftMeWebhookLog.StoreUnavailable(_logger, e, webhookEvent.EventName, webhookEvent.IdempotencyKey);
                await RespondAsync(context, StatusCodes.Status503ServiceUnavailable, "De-duplication store unavailable; retry.")
                    .ConfigureAwait(false);
                return;
            }

            switch (claim.Status)
            {
                case WebhookDeliveryClaimStatus.AlreadyProcessed:
                    UGiftMeWebhookLog.Duplicate(_logger, webhookEvent.EventName, webhookEvent.IdempotencyKey);
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    return;
                case WebhookDeliveryClaimStatus.InProgress:
                    UGiftMeWebhookLog.InProgress(_logger, webhookEvent.EventName, webhookEvent.IdempotencyKey);
                    await RespondAsync(context, StatusCodes.Status409Conflict, "Delivery is being processed.")
                        .ConfigureAwait(false);
                    return;
            }
        }

        var started = _timeProvider.GetTimestamp();
        var renewal = claim is null ? null : _renewals.Start(claim, webhookEvent.EventName);
        try
        {
            await handler(webhookEvent, context.RequestServices, aborted).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (renewal is not null)
            {
                await _renewals.StopAsync(renewal).ConfigureAwait(false);
                await RecordSafelyAsync(renewal.Claim, handled: false, webhookEvent).ConfigureAwait(false);
            }

            if (e is OperationCanceledException && aborted.IsCancellationRequested)
            {
                throw;
            }

            UGiftMeWebhookLog.HandlerFailed(_logger, e, webhookEvent.EventName, webhookEvent.IdempotencyKey);
            await RespondAsync(context, StatusCodes.Status500InternalServerError, "Handler failed; retry.")
                .ConfigureAwait(false);
            return;
        }

        if (renewal is not null)
        {
            await _renewals.StopAsync(renewal).ConfigureAwait(false);
            await RecordSafelyAsync(renewal.Claim, handled: true, webhookEvent).ConfigureAwait(false);
        }

        var elapsed = _timeProvider.GetElapsedTime(started);
        if (elapsed >= SlowHandlerThreshold)
        {
            UGiftMeWebhookLog.SlowHandler(_logger, webhookEvent.EventName, (long)elapsed.TotalMilliseconds);
        }

        UGiftMeWebhookLog.Handled(_logger, webhookEvent.EventName, webhookEvent.IsTest);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>
    /// Marks the delivery processed (<paramref name="handled"/>) or releases it. Issue 14: once the handler ran, a store
    /// failure must not turn into a retry (that would dispatch twice); the claim expires by itself in a shared store.
    /// A claim that no longer holds the delivery changes nothing.
    /// </summary>
    private async ValueTask RecordSafelyAsync(WebhookDeliveryClaim claim, bool handled, WebhookEvent webhookEvent)
    {
        try
        {
            var held = handled
                ? await _store.MarkProcessedAsync(claim, CancellationToken.None).ConfigureAwait(false)
                : await _store.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
            if (!held)
            {
                UGiftMeWebhookLog.ClaimLost(_logger, webhookEvent.EventName, claim.IdempotencyKey);
            }
        }
        catch (Exception e)
        {
            UGiftMeWebhookLog.StoreUpdateFailed(_logger, e, webhookEvent.EventName, claim.IdempotencyKey);
        }
    }

    /// <returns>The verifier for the configured and the added secrets; null while there is none.</returns>
    private WebhookVerifier? VerifierFor(UGiftMeWebhookOptions options)
    {
        var (version, added) = _addedSecrets.Snapshot();
        var current = _verifier;
        if (current is null || !ReferenceEquals(current.Options, options) || current.AddedVersion != version)
        {
            var secrets = options.Secrets.Concat(added).Distinct(StringComparer.Ordinal).ToList();
            current = new VerifierForSecrets(options, version, secrets.Count == 0 ? null : new WebhookVerifier(secrets));
            _verifier = current;
        }

        return current.Verifier;
    }

    /// <summary>The verifier built from one options instance and one version of the added secrets; rebuilt when either changes.</summary>
    private sealed record VerifierForSecrets(UGiftMeWebhookOptions Options, long AddedVersion, WebhookVerifier? Verifier);
}
