using Microsoft.Extensions.Logging;

namespace UGiftMe;

/// <summary>
/// Innermost handler: one HTTP attempt under <see cref="UGiftMeClientOptions.AttemptTimeout"/>, body buffered within
/// it; logs the attempt, counts it and records the rate-limit headers it returned.
/// </summary>
internal sealed class AttemptHandler(ClientState state) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = RequestContext.For(request);
        var attempt = ++call.Attempts;
        var started = state.TimeProvider.GetTimestamp();
        var limit = state.Options.AttemptTimeout;
        using var attemptTimeout = new TimeLimit(limit, state.TimeProvider, cancellationToken);
        try
        {
            var response = await base.SendAsync(request, attemptTimeout.Token).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(attemptTimeout.Token).ConfigureAwait(false);
            Observe(request, response, call, attempt, started);
            return response;
        }
        catch (OperationCanceledException canceled) when (attemptTimeout.Expired)
        {
            Failed(request, attempt, started, nameof(TimeoutException), call);
            throw new PipelineTimeoutException(nameof(UGiftMeClientOptions.AttemptTimeout), limit, canceled);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Failed(request, attempt, started, failure.GetType().Name, call);
            throw;
        }
    }

    private void Observe(HttpRequestMessage request, HttpResponseMessage response, RequestContext call, int attempt, long started)
    {
        var method = request.Method.Method;
        var status = (int)response.StatusCode;
        var now = state.TimeProvider.GetUtcNow();
        if (RateLimitInfo.FromResponseHeaders(response.Headers, now) is { } rateLimit)
        {
            call.RateLimit = rateLimit;
            state.Observe(rateLimit);
        }

        // The instruments and log lines below are no-ops without a listener or an enabled level; checking first saves
        // boxing their tags and building the path string on every attempt.
        if (UGiftMeTelemetry.Attempts.Enabled)
        {
            UGiftMeTelemetry.Attempts.Add(1,
                new KeyValuePair<string, object?>("http.request.method", method),
                new KeyValuePair<string, object?>("http.response.status_code", status));
        }

        if (status == 429)
        {
            UGiftMeTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("http.request.method", method));
            if (state.Logger.IsEnabled(LogLevel.Warning))
            {
                var path = Path(request);
                Log.RateLimited(state.Logger, method, path, RetryHints.WaitRequested(response, now), call.RateLimit?.Remaining);
            }
        }

        if (state.Logger.IsEnabled(LogLevel.Debug))
        {
            var path = Path(request);
            var elapsed = state.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
            Log.AttemptCompleted(state.Logger, method, path, status, elapsed, attempt, call.IdempotencyKey);
        }
    }

    private void Failed(HttpRequestMessage request, int attempt, long started, string errorType, RequestContext call)
    {
        var method = request.Method.Method;
        UGiftMeTelemetry.Attempts.Add(1,
            new KeyValuePair<string, object?>("http.request.method", method),
            new KeyValuePair<string, object?>("error.type", errorType));
        var path = Path(request);
        var elapsed = state.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
        Log.AttemptFailed(state.Logger, method, path, elapsed, errorType, attempt, call.IdempotencyKey);
    }

    private static string Path(HttpRequestMessage request) => request.RequestUri?.AbsolutePath ?? "";
}
