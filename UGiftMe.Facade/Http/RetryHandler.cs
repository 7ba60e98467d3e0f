using System.Net;
using Polly;
using Polly.Retry;

namespace UGiftMe;

/// <summary>
/// Retries transient failures with Polly (exponential backoff with jitter, server wait hints honoured up to a
/// ceiling) within the call's total time budget. Safe methods are retried on connection failures, attempt timeouts,
/// 408, 429, 502, 503, 504 (and 500 for GET); a POST only when it carries an <c>Idempotency-Key</c>; 4xx refusals never.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("UGiftMe.Request");
    private static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("UGiftMe.Deadline");

    private readonly ClientState _state;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RetryHandler(ClientState state)
    {
        _state = state;
        var retry = state.Options.Retry;
        _pipeline = retry.MaxRetries == 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = state.TimeProvider }
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = retry.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = retry.BaseDelay,
                    MaxDelay = retry.MaxDelay,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome)),
                    DelayGenerator = args => ValueTask.FromResult(RequestedDelay(args.Outcome)),
                    OnRetry = args =>
                    {
                        OnRetry(args);
                        return ValueTask.CompletedTask;
                    },
                })
                .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var total = _state.Options.TotalTimeout;
        using var budget = new TimeLimit(total, _state.TimeProvider, cancellationToken);
        var context = ResilienceContextPool.Shared.Get(budget.Token);
        context.Properties.Set(RequestKey, request);
        context.Properties.Set(DeadlineKey, total == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _state.TimeProvider.GetUtcNow() + total);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendAttemptAsync(state.Request, ctx.CancellationToken)),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        catch (OperationCanceledException canceled) when (budget.Expired)
        {
            throw new PipelineTimeoutException(nameof(UGiftMeClientOptions.TotalTimeout), total, canceled);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    internal static bool IsRetryableRequest(HttpRequestMessage request) =>
        request.Method != HttpMethod.Post || request.Headers.Contains(IdempotencyHandler.HeaderName);

    internal static bool IsRetryableStatus(HttpStatusCode status, HttpMethod method) => (int)status switch
    {
        408 or 429 or 502 or 503 or 504 => true,
        500 => method == HttpMethod.Get || method == HttpMethod.Head,
        _ => false,
    };

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        var request = context.Properties.GetValue(RequestKey, null!);
        if (!IsRetryableRequest(request))
        {
            return false;
        }

        if (outcome.Exception is { } exception)
        {
            return exception is HttpRequestException or PipelineTimeoutException && !context.CancellationToken.IsCancellationRequested;
        }

        var response = outcome.Result!;
        if (!IsRetryableStatus(response.StatusCode, request.Method))
        {
            return false;
        }

        var now = _state.TimeProvider.GetUtcNow();
        if (RetryHints.WaitRequested(response, now) is not { } wait)
        {
            return true;
        }

        var remaining = context.Properties.GetValue(DeadlineKey, DateTimeOffset.MaxValue) - now;
        var allowed = remaining < _state.Options.Retry.MaxRetryAfter ? remaining : _state.Options.Retry.MaxRetryAfter;
        if (wait <= allowed)
        {
            return true;
        }

        RequestContext.For(request).RefusedWait = wait;
        Log.WaitRefused(_state.Logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? "", wait, allowed);
        return false;
    }

    private TimeSpan? RequestedDelay(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? RetryHints.WaitRequested(response, _state.TimeProvider.GetUtcNow()) : null;

    private void OnRetry(OnRetryArguments<HttpResponseMessage> args)
    {
        var request = args.Context.Properties.GetValue(RequestKey, null!);
        var outcome = args.Outcome.Exception?.GetType().Name ?? ((int)args.Outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        args.Outcome.Result?.Dispose();
        UGiftMeTelemetry.Retries.Add(1,
            new KeyValuePair<string, object?>("http.request.method", request.Method.Method),
            new KeyValuePair<string, object?>("ugiftme.retry_reason", outcome));
        Log.Retrying(_state.Logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? "", args.RetryDelay.TotalMilliseconds,
            outcome, args.AttemptNumber + 1, _state.Options.Retry.MaxRetries, RequestContext.For(request).IdempotencyKey);
    }
}
