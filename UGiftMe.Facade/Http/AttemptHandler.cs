using Microsoft.Extensions.Logging;
using UGiftMe.Diagnostics;

namespace UGiftMe.Http;

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
        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? "";
        var started = state.TimeProvider.GetTimestamp();
        var limit = state.Options.AttemptTimeout;
        using var attemptTimeout = limit == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(limit, state.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        try
        {
            var response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(linked.Token).ConfigureAwait(false);
            Observe(request, response, call, attempt, started);
            return response;
        }
        catch (OperationCanceledException canceled) when (attemptTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Failed(method, path, attempt, started, nameof(TimeoutException), call);
            throw new PipelineTimeoutException(nameof(UGiftMeClientOptions.AttemptTimeout), limit, canceled);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Failed(method, path, attempt, started, failure.GetType().Name, call);
            throw;
        }
    }

    private void Observe(HttpRequestMessage request, HttpResponseMessage response, RequestContext call, int attempt, long started)
    {
        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? "";
        var status = (int)response.StatusCode;
        var now = state.TimeProvider.GetUtcNow();
        if (RateLimitInfo.FromHeaders(response.Headers, now) is { } rateLimit)
        {
            call.RateLimit = rateLimit;
            state.Observe(rateLimit);
        }

        UGiftMeTelemetry.Attempts.Add(1,
            new KeyValuePair<string, object?>("http.request.method", method),
            new KeyValuePair<string, object?>("http.response.status_code", status));
        if (status == 429)
        {
            UGiftMeTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("http.request.method", method));
            if (state.Logger.IsEnabled(LogLevel.Warning))
            {
                Log.RateLimited(state.Logger, method, path, RetryHints.WaitRequested(response, now), call.RateLimit?.Remaining);
            }
        }

        var elapsed = state.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
        Log.AttemptCompleted(state.Logger, method, path, status, elapsed, attempt, call.IdempotencyKey);
    }

    private void Failed(string method, string path, int attempt, long started, string errorType, RequestContext call)
    {
        UGiftMeTelemetry.Attempts.Add(1,
            new KeyValuePair<string, object?>("http.request.method", method),
            new KeyValuePair<string, object?>("error.type", errorType));
        var elapsed = state.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
        Log.AttemptFailed(state.Logger, method, path, elapsed, errorType, attempt, call.IdempotencyKey);
    }
}
