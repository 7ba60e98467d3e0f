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
    private static readonly TimeSpan MinimumRenewInterval = TimeSpan.FromMilliseconds(10);

    private readonly IOptionsMonitor<UGiftMeWebhookOptions> _options;
    private readonly IWebhookDeduplicationStore _store;
    private readonly UGiftMeWebhookSecrets _addedSecrets;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly OrderCompletionNotifier? _completions;
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
    }

    public async Task HandleAsync(HttpContext context, Func<WebhookEvent, IServiceProvider, CancellationToken, Task> handler)
    {
        var options = _options.CurrentValue;
        var aborted = context.RequestAborted;
        byte[]? body = null;
        try
        {
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

            var headers = WebhookHeaders.From(context.Request.Headers);
            if (VerifierFor(options) is not { } verifier)
            {
                UGiftMeWebhookLog.NoSecret(_logger);
                await RespondAsync(context, StatusCodes.Status401Unauthorized, "No webhook secret is configured yet.").ConfigureAwait(false);
                return;
            }

            if (!verifier.TryVerify(body.AsSpan(0, length), headers, out var webhookEvent, out var failure))
            {
                var status = failure is WebhookVerificationFailure.MissingSignature
                    or WebhookVerificationFailure.MalformedSignature or WebhookVerificationFailure.SignatureMismatch
                    ? StatusCodes.Status401Unauthorized
                    : StatusCodes.Status400BadRequest;
                UGiftMeWebhookLog.Rejected(_logger, status, failure);
                await RespondAsync(context, status, failure.ToString()).ConfigureAwait(false);
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
    private static async Task<(byte[]? Buffer, int Length)> ReadBodyAsync(
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
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (buffer, length);
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
        var key = webhookEvent.IdempotencyKey;
        WebhookDeliveryClaim? claim = null;
        if (options.Deduplicate)
        {
            try
            {
                claim = await _store.TryClaimAsync(key, aborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !aborted.IsCancellationRequested)
            {
                // Issue 14: without a working store a duplicate cannot be ruled out; 503 makes UGiftMe retry later.
                UGiftMeWebhookLog.StoreUnavailable(_logger, e, webhookEvent.EventName, key);
                await RespondAsync(context, StatusCodes.Status503ServiceUnavailable, "De-duplication store unavailable; retry.")
                    .ConfigureAwait(false);
                return;
            }

            switch (claim.Status)
            {
                case WebhookDeliveryClaimStatus.AlreadyProcessed:
                    UGiftMeWebhookLog.Duplicate(_logger, webhookEvent.EventName, key);
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    return;
                case WebhookDeliveryClaimStatus.InProgress:
                    UGiftMeWebhookLog.InProgress(_logger, webhookEvent.EventName, key);
                    await RespondAsync(context, StatusCodes.Status409Conflict, "Delivery is being processed.")
                        .ConfigureAwait(false);
                    return;
            }
        }

        var started = _timeProvider.GetTimestamp();
        using var stopRenewing = new CancellationTokenSource();
        var renewing = claim is null ? Task.CompletedTask : RenewWhileHandlingAsync(claim, webhookEvent.EventName, started, stopRenewing.Token);
        try
        {
            await handler(webhookEvent, context.RequestServices, aborted).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await StopAsync(stopRenewing, renewing).ConfigureAwait(false);
            if (claim is not null)
            {
                await StoreSafelyAsync(_store.ReleaseAsync, claim, webhookEvent).ConfigureAwait(false);
            }

            if (e is OperationCanceledException && aborted.IsCancellationRequested)
            {
                throw;
            }

            UGiftMeWebhookLog.HandlerFailed(_logger, e, webhookEvent.EventName, key);
            await RespondAsync(context, StatusCodes.Status500InternalServerError, "Handler failed; retry.")
                .ConfigureAwait(false);
            return;
        }

        await StopAsync(stopRenewing, renewing).ConfigureAwait(false);
        if (claim is not null)
        {
            await StoreSafelyAsync(_store.MarkProcessedAsync, claim, webhookEvent).ConfigureAwait(false);
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
    /// Keeps the claim while the handler runs (renewed every third of the store's claim timeout), so a retry that
    /// arrives meanwhile gets 409 however long the handler takes: one delivery never runs twice at once. Only a process
    /// that dies (or loses the store for longer than the timeout) lets its claim expire.
    /// </summary>
    private async Task RenewWhileHandlingAsync(WebhookDeliveryClaim claim, string eventName, long started, CancellationToken stop)
    {
        var timeout = _store.ClaimTimeout;
        var interval = timeout / 3 > MinimumRenewInterval ? timeout / 3 : MinimumRenewInterval;
        var outlasted = false;
        while (true)
        {
            try
            {
                await Task.Delay(interval, _timeProvider, stop).ConfigureAwait(false);
                if (!await _store.RenewAsync(claim, stop).ConfigureAwait(false))
                {
                    UGiftMeWebhookLog.ClaimLost(_logger, eventName, claim.IdempotencyKey);
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                UGiftMeWebhookLog.ClaimRenewalFailed(_logger, e, eventName, claim.IdempotencyKey);
                continue;
            }

            if (!outlasted && _timeProvider.GetElapsedTime(started) >= timeout)
            {
                outlasted = true;
                UGiftMeWebhookLog.HandlerOutlastsClaimTimeout(_logger, eventName, claim.IdempotencyKey, timeout);
            }
        }
    }

    /// <summary>Stops renewing and waits for a renewal in flight, so it cannot land after the outcome is recorded.</summary>
    private static async Task StopAsync(CancellationTokenSource stopRenewing, Task renewing)
    {
        await stopRenewing.CancelAsync().ConfigureAwait(false);
        await renewing.ConfigureAwait(false);
    }

    /// <summary>
    /// Issue 14: once the handler ran, a store failure must not turn into a retry (that would dispatch twice); the
    /// claim expires by itself in a shared store. A claim that no longer holds the delivery changes nothing.
    /// </summary>
    private async Task StoreSafelyAsync(Func<WebhookDeliveryClaim, CancellationToken, ValueTask<bool>> operation, WebhookDeliveryClaim claim, WebhookEvent webhookEvent)
    {
        try
        {
            if (!await operation(claim, CancellationToken.None).ConfigureAwait(false))
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
