using System.Diagnostics;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace UGiftMe;

/// <summary>
/// The SDK's one handler: the whole path of one request, top to bottom. It stamps the request, runs it through one
/// Polly pipeline (total timeout → retry → attempt timeout, in Microsoft.Extensions.Http.Resilience's order), reads
/// each attempt's body once and within <see cref="UGiftMeClientOptions.MaxResponseSize"/>, masks secrets in what came
/// back, classifies each attempt once, and turns a final failure into a <see cref="UGiftMeException"/>.
/// </summary>
internal sealed class UGiftMeHandler : DelegatingHandler
{
    public const string ApiKeyHeader = "X-API-Key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    internal static readonly string UserAgent =
        $"UGiftMe.NET/{UGiftMeTelemetry.Version} ({RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription.Trim()})";

    private readonly ClientState _client;
    private readonly ResiliencePipeline<Attempt> _retrying;
    private readonly Lazy<ResiliencePipeline<Attempt>> _once;

    public UGiftMeHandler(ClientState client)
    {
        _client = client;
        _retrying = BuildPipeline(client, retry: true);
        _once = new(() => BuildPipeline(client, retry: false));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // 1. The call's context (made by the facade, which resolved its idempotency key) and the headers every attempt carries.
        var call = CallContext.For(request);
        call.Request = request;
        request.Headers.Remove(ApiKeyHeader);
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, _client.Options.ApiKey);
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        if (call.IdempotencyKey is { } key && !request.Headers.Contains(IdempotencyKeyHeader))
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, key);
        }

        // 2. Attempts through the pipeline. A POST is retried only with an idempotency key: without one a retry could order twice.
        using var activity = UGiftMeTelemetry.ActivitySource.HasListeners() ? StartActivity(request) : null;
        var started = call.StartedAt = call.LastAttemptEndedAt = _client.TimeProvider.GetTimestamp();
        var pipeline = request.Method != HttpMethod.Post || call.IdempotencyKey is not null ? _retrying : _once.Value;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        Outcome<Attempt> outcome;
        try
        {
            outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) => await state.Handler.AttemptAsync(state.Request, state.Call, ctx.CancellationToken).ConfigureAwait(false),
                context, (Handler: this, Request: request, Call: call)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        // 3. The final outcome: a response to hand to the generated client, or the one exception for this call.
        var attempt = outcome.Result;
        Complete(activity, call, request, started, attempt?.Response is { } r ? (int)r.StatusCode : null, outcome.Exception?.GetType().Name ?? attempt?.Failure?.GetType().Name);
        if (outcome.Exception is { } failure)
        {
            if (failure is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            var timedOut = failure is TimeoutRejectedException
                ? _client.TimeProvider.GetElapsedTime(started) >= _client.Options.TotalTimeout && _client.Options.TotalTimeout != Timeout.InfiniteTimeSpan
                    ? nameof(UGiftMeClientOptions.TotalTimeout)
                    : nameof(UGiftMeClientOptions.AttemptTimeout)
                : null;
            throw ErrorMapper.FromTransportFailure(failure, call, _client, timedOut);
        }

        if (attempt!.Failure is { } unreadable)
        {
            throw unreadable;
        }

        var response = attempt.Response!;
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw ErrorMapper.FromResponse(response, call, _client, attempt.RefusedWait);
        }
    }

    private async Task<Outcome<Attempt>> AttemptAsync(HttpRequestMessage request, CallContext call, CancellationToken cancellationToken)
    {
        var number = ++call.Attempts;
        if (number > 1)
        {
            UGiftMeTelemetry.Retries.Add(1, new("http.request.method", request.Method.Method), new("ugiftme.retry_reason", call.LastOutcome));
            Log.Retrying(_client.Logger, request.Method.Method, Path(request), _client.TimeProvider.GetElapsedTime(call.LastAttemptEndedAt).TotalMilliseconds,
                call.LastOutcome ?? "", number - 1, _client.Options.Retry.MaxRetries, call.IdempotencyKey);
        }

        var started = _client.TimeProvider.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _client.Redactor.Clean(response);
            await ReadBodyAsync(response, call, _client.Options.MaxResponseSize, _client.Redactor, cancellationToken).ConfigureAwait(false);
            Completed(request, response, call, number, started);
            return Outcome.FromResult(Classify(request, response, call));
        }
        catch (ResponseTooLargeException tooLarge)
        {
            return Unreadable(request, response!, call, $"its body is larger than UGiftMeClientOptions.MaxResponseSize ({_client.Options.MaxResponseSize} bytes{tooLarge.Announced})", tooLarge);
        }
        catch (Exception corrupt) when (response is not null && corrupt is InvalidDataException or InvalidOperationException)
        {
            return Unreadable(request, response, call, "its compressed body is corrupt", corrupt);
        }
        catch (Exception failure)
        {
            response?.Dispose();
            var canceled = failure is OperationCanceledException;
            call.LastOutcome = canceled ? nameof(TimeoutException) : failure.GetType().Name;
            call.EarlierAttemptMayHaveLanded = true;
            UGiftMeTelemetry.Attempts.Add(1, new("http.request.method", request.Method.Method), new("error.type", call.LastOutcome));
            var (path, elapsed) = (Path(request), _client.TimeProvider.GetElapsedTime(started).TotalMilliseconds);
            Log.AttemptFailed(_client.Logger, request.Method.Method, path, elapsed, call.LastOutcome, number, call.IdempotencyKey);
            call.LastAttemptEndedAt = _client.TimeProvider.GetTimestamp();
            return Outcome.FromException<Attempt>(failure);
        }
    }

    private Outcome<Attempt> Unreadable(HttpRequestMessage request, HttpResponseMessage response, CallContext call, string problem, Exception failure)
    {
        var unreadable = ErrorMapper.Unreadable((int)response.StatusCode, response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value)), problem, call, _client, failure);
        response.Dispose();
        return Outcome.FromResult(new Attempt(null, Retry: false, null, null, unreadable));
    }

    // The one classification of an attempt: done, worth retrying (and after how long), or final.
    private Attempt Classify(HttpRequestMessage request, HttpResponseMessage response, CallContext call)
    {
        var status = (int)response.StatusCode;
        if (status is 404 && request.Method == HttpMethod.Delete && call.EarlierAttemptMayHaveLanded)
        {
            // The earlier attempt's delete went through and its answer was lost: the resource is gone, as asked.
            response.StatusCode = HttpStatusCode.NoContent;
            response.Content = new ByteArrayContent([]);
            call.ReleaseBody();
        }

        call.LastOutcome = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        call.EarlierAttemptMayHaveLanded |= status >= 500;
        var retryable = status is 408 or 429 or 502 or 503 or 504 || (status == 500 && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head));
        if (!retryable)
        {
            return new Attempt(response, Retry: false, null, null, null);
        }

        var now = _client.TimeProvider.GetUtcNow();
        if (RetryHints.WaitRequested(response, now) is not { } wait)
        {
            return new Attempt(response, Retry: true, null, null, null);
        }

        call.LastAttemptEndedAt = _client.TimeProvider.GetTimestamp();
        var allowed = _client.Options.Retry.MaxRetryAfter;
        var total = _client.Options.TotalTimeout;
        if (total != Timeout.InfiniteTimeSpan && total - _client.TimeProvider.GetElapsedTime(call.StartedAt) is var remaining && remaining < allowed)
        {
            allowed = remaining;
        }

        if (wait <= allowed)
        {
            return new Attempt(response, Retry: true, wait, null, null);
        }

        Log.WaitRefused(_client.Logger, request.Method.Method, Path(request), wait, allowed);
        return new Attempt(response, Retry: false, null, wait, null);
    }

    // Reads the whole body into one array, stopping as soon as it passes the limit, masks the API key in it, and puts
    // it back as the content: the generated client then deserializes from memory, and nothing reads the network twice.
    // Bodies up to PooledBodyLimit go into an array from the shared pool, which the call gives back when it is over.
    private static async ValueTask ReadBodyAsync(HttpResponseMessage response, CallContext call, long limit, SecretRedactor redactor, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var announced = content.Headers.ContentLength;
        if (announced > limit)
        {
            throw new ResponseTooLargeException($", announced {announced}");
        }

        byte[] buffer;
        int read;
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            (buffer, read) = announced is { } length
                ? await ReadExactlyAsync(stream, (int)length, cancellationToken).ConfigureAwait(false)
                : await ReadChunkedAsync(stream, limit, cancellationToken).ConfigureAwait(false);
        }

        var body = redactor.RedactApiKey(buffer.AsMemory(0, read));
        call.HoldBody(body, (announced ?? read) <= PooledBodyLimit ? buffer : null);
        var buffered = new ReadOnlyMemoryContent(body);
        foreach (var (name, values) in content.Headers.NonValidated)
        {
            buffered.Headers.TryAddWithoutValidation(name, values);
        }

        content.Dispose();
        response.Content = buffered;
    }

    private const int PooledBodyLimit = 1024 * 1024;

    private static byte[] BodyArray(long length) =>
        length <= PooledBodyLimit ? System.Buffers.ArrayPool<byte>.Shared.Rent((int)length) : GC.AllocateUninitializedArray<byte>((int)length);

    // With a Content-Length the array holds exactly that (the transport stops there, or earlier if the body is cut short).
    private static async ValueTask<(byte[] Buffer, int Read)> ReadExactlyAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        var buffer = BodyArray(length);
        try
        {
            var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return (buffer, read);
        }
        catch when (length <= PooledBodyLimit)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    // Without one, the body goes into pooled 64 KiB chunks and is copied once into an exact array at the end: a big body
    // costs its own size (not the 2-3x of a doubling buffer), and one past the limit costs only the pooled chunks.
    private static async ValueTask<(byte[] Buffer, int Read)> ReadChunkedAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        const int ChunkSize = 64 * 1024;
        var chunks = new List<byte[]>();
        long total = 0;
        try
        {
            while (true)
            {
                var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkSize);
                chunks.Add(chunk);
                var filled = await stream.ReadAtLeastAsync(chunk.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                total += filled;
                if (total > limit)
                {
                    throw new ResponseTooLargeException("");
                }

                if (filled < ChunkSize)
                {
                    break;
                }
            }

            var buffer = BodyArray(total);
            for (var i = 0; i < chunks.Count; i++)
            {
                var start = (long)i * ChunkSize;
                chunks[i].AsSpan(0, (int)Math.Min(ChunkSize, total - start)).CopyTo(buffer.AsSpan((int)start));
            }

            return (buffer, (int)total);
        }
        finally
        {
            chunks.ForEach(chunk => System.Buffers.ArrayPool<byte>.Shared.Return(chunk));
        }
    }

    private static ResiliencePipeline<Attempt> BuildPipeline(ClientState client, bool retry)
    {
        var options = client.Options;
        var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = client.TimeProvider };
        if (options.TotalTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => ValueTask.FromResult(options.TotalTimeout) });
        }

        if (retry && options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Attempt>
            {
                MaxRetryAttempts = options.Retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or IOException or TimeoutRejectedException || args.Outcome.Result?.Retry == true),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Result?.Wait),
                OnRetry = static args =>
                {
                    args.Outcome.Result?.Response?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        // An attempt timeout that cannot end an attempt before the total timeout would only cost a second timer per call.
        if (options.AttemptTimeout != Timeout.InfiniteTimeSpan && (options.TotalTimeout == Timeout.InfiniteTimeSpan || options.AttemptTimeout < options.TotalTimeout))
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => ValueTask.FromResult(options.AttemptTimeout) });
        }

        return builder.Build();
    }

    private void Completed(HttpRequestMessage request, HttpResponseMessage response, CallContext call, int attempt, long started)
    {
        var method = request.Method.Method;
        var status = (int)response.StatusCode;
        if (RateLimitInfo.FromResponseHeaders(response.Headers, _client.TimeProvider.GetUtcNow()) is { } rateLimit)
        {
            call.RateLimit = rateLimit;
            _client.Observe(rateLimit);
        }

        // The instruments and log lines are no-ops without a listener or an enabled level: checking first saves boxing.
        if (UGiftMeTelemetry.Attempts.Enabled)
        {
            UGiftMeTelemetry.Attempts.Add(1, new("http.request.method", method), new("http.response.status_code", status));
        }

        if (status == 429)
        {
            UGiftMeTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("http.request.method", method));
            if (_client.Logger.IsEnabled(LogLevel.Warning))
            {
                Log.RateLimited(_client.Logger, method, Path(request), RetryHints.WaitRequested(response, _client.TimeProvider.GetUtcNow()), call.RateLimit?.Remaining);
            }
        }

        if (_client.Logger.IsEnabled(LogLevel.Debug))
        {
            var (path, elapsed) = (Path(request), _client.TimeProvider.GetElapsedTime(started).TotalMilliseconds);
            Log.AttemptCompleted(_client.Logger, method, path, status, elapsed, attempt, call.IdempotencyKey);
        }
    }

    private static Activity? StartActivity(HttpRequestMessage request)
    {
        var path = Path(request);
        var activity = UGiftMeTelemetry.ActivitySource.StartActivity($"UGiftMe {request.Method.Method} {path}", ActivityKind.Client);
        activity?.SetTag("http.request.method", request.Method.Method);
        activity?.SetTag("url.path", path);
        return activity;
    }

    private void Complete(Activity? activity, CallContext call, HttpRequestMessage request, long started, int? statusCode, string? errorType)
    {
        if (UGiftMeTelemetry.Duration.Enabled)
        {
            UGiftMeTelemetry.Duration.Record(_client.TimeProvider.GetElapsedTime(started).TotalSeconds,
                new("http.request.method", request.Method.Method), new("http.response.status_code", statusCode), new("error.type", errorType));
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag("http.response.status_code", statusCode);
        activity.SetTag("ugiftme.retry_count", call.RetryCount);
        activity.SetTag("ugiftme.idempotency_key", call.IdempotencyKey);
        if (errorType is not null || statusCode is >= 400)
        {
            activity.SetTag("error.type", errorType ?? statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static string Path(HttpRequestMessage request) => request.RequestUri?.AbsolutePath ?? "";

    /// <summary>One attempt's classified outcome: its response (body buffered), whether to retry and after what wait.</summary>
    private sealed record Attempt(HttpResponseMessage? Response, bool Retry, TimeSpan? Wait, TimeSpan? RefusedWait, UnreadableResponseException? Failure);

    private sealed class ResponseTooLargeException(string announced) : Exception("The response body is larger than MaxResponseSize.")
    {
        public string Announced { get; } = announced;
    }
}
