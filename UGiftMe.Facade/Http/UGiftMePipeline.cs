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
/// The SDK's one send, the whole path of one request top to bottom: it stamps the request the generated codec built,
/// waits for its turn with the pacer, sends a first attempt under one timer and, when that asks for a retry, hands over
/// to one Polly pipeline (total timeout → retry, in Microsoft.Extensions.Http.Resilience's order; each retry waits for
/// its own turn with the pacer, then goes under its own attempt timer, which the pacer's wait does not use up),
/// reads each attempt's body once and within <see cref="UGiftMeClientOptions.MaxResponseSize"/>,
/// masks secrets in what came back, classifies each attempt once, and after the transport has returned either hands
/// the 2xx body to the generated reader or throws the one <see cref="UGiftMeException"/> for the call.
/// </summary>
internal sealed class UGiftMePipeline : IDisposable
{
    internal static readonly string UserAgent =
        $"UGiftMe.NET/{UGiftMeTelemetry.Version} ({RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription.Trim()})";

    private readonly ClientState _client;
    private readonly HttpMessageInvoker _transport;
    // Built on the first retry: a call that needs none runs no Polly code, and a client that never retries never builds it.
    private readonly Lazy<ResiliencePipeline<Attempt>> _retrying;
#if NET
    private CancellationTokenSource? _spareTimer;
#endif
    private volatile bool _disposed;

    public UGiftMePipeline(ClientState client, HttpMessageInvoker transport)
    {
        _client = client;
        _transport = transport;
        BaseUrl = client.Options.ResolvedBaseAddress.AbsoluteUri;
        _retrying = new(() => BuildPipeline(_client));
    }

    /// <summary>Reads an error body as the error model the spec declares for its status (a generated <c>Read*Error</c>).</summary>
    public delegate object? ErrorReader(int status, ReadOnlyMemory<byte> body);

    /// <summary>The base address the generated request factories start from, ending with a slash.</summary>
    public string BaseUrl { get; }

    public ClientState Client => _client;

    /// <summary>
    /// Sends <paramref name="request"/> and reads its 2xx body with <paramref name="read"/>. <paramref name="idempotencyKey"/>
    /// is the key of the create the call belongs to (the request factory sends it): it makes a POST retryable and every
    /// exception of the call carries it, also those of the polls that follow a queued create.
    /// </summary>
    public async Task<UGiftMeResult<T>> SendAsync<T>(HttpRequestMessage request, Func<int, ReadOnlyMemory<byte>, T> read, ErrorReader readError, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        using var message = new HttpMessage(request, idempotencyKey);
        ObjectDisposedException.ThrowIf(_disposed, typeof(UGiftMeClient));

        // 1. The headers every attempt carries (the factory wrote the operation's own, the Idempotency-Key among them).
        request.Headers.TryAddWithoutValidation("X-API-Key", _client.Options.ApiKey);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);

        // 2. The call, its span and its TotalTimeout start before it waits for its turn with the pacer: a call the pacer
        // refuses is recorded like any other that failed.
        using var activity = UGiftMeTelemetry.ActivitySource.HasListeners() ? StartActivity(request, _client.Redactor) : null;
        var started = message.StartedAt = message.LastAttemptEndedAt = _client.TimeProvider.GetTimestamp();
        TimeSpan? noTurn = null;
        try
        {
            if (_client.Pacer.IsActive)
            {
                noTurn = await _client.Pacer.WaitAsync(_client.Options.TotalTimeout, cancellationToken).ConfigureAwait(false);
                message.HoldsPacerSlot = noTurn is null;
            }
        }
        catch (OperationCanceledException)
        {
            Complete(activity, message, started, null, typeof(OperationCanceledException).FullName);
            throw;
        }

        if (noTurn is { } wait)
        {
            var refused = ErrorMapper.NotPaced(message, wait, _client);
            refused.PacerHadNoTurn = true;
            Complete(activity, message, started, null, refused.GetType().FullName);
            throw refused;
        }

        // 3. The first attempt, under its one timeout: the AttemptTimeout, or what is left of the TotalTimeout where that
        // ends first (nothing, and nothing is sent, when the pacer's turn came at its end). A call runs the retry pipeline
        // (its timers and state machines) only once its first attempt asks for a retry.
        var (attemptTimeout, left) = (_client.Options.AttemptTimeout, TimeLeft(started));
        var timeout = attemptTimeout != Timeout.InfiniteTimeSpan && (left == Timeout.InfiniteTimeSpan || attemptTimeout < left) ? attemptTimeout : left;
        var attempt = timeout == TimeSpan.Zero ? Attempt.Threw(new TimedOutException()) : await AttemptAsync(message, timeout, cancellationToken).ConfigureAwait(false);

        // A POST is retried only with an idempotency key: without one a retry could order twice.
        if ((request.Method != HttpMethod.Post || message.IdempotencyKey is not null) && _client.Options.Retry.MaxRetries > 0
            && ShouldRetry(attempt) && !cancellationToken.IsCancellationRequested)
        {
            attempt = TimeLeft(started) == TimeSpan.Zero
                ? Attempt.Threw(new TimedOutException())
                : await RetryAsync(attempt, message, cancellationToken).ConfigureAwait(false);
        }

        // 4. The final outcome, now that the transport has returned: the call's 2xx, or the one exception for it. A
        // paced call whose last slot no answer gave back (an attempt never sent, an unreadable response) gives it back now.
        ReleasePacerSlot(message);

        var canceledByCaller = attempt.Thrown is OperationCanceledException && cancellationToken.IsCancellationRequested;
        Complete(activity, message, started, attempt.Failure is null && message.Response is { } r ? (int)r.StatusCode : null,
            canceledByCaller ? typeof(OperationCanceledException).FullName : ErrorType(attempt.Thrown ?? attempt.Failure));
        if (attempt.Thrown is { } failure)
        {
            if (canceledByCaller)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }

            var timedOut = failure is TimedOutException
                ? _client.TimeProvider.GetElapsedTime(started) >= _client.Options.TotalTimeout && _client.Options.TotalTimeout != Timeout.InfiniteTimeSpan
                    ? nameof(UGiftMeClientOptions.TotalTimeout)
                    : nameof(UGiftMeClientOptions.AttemptTimeout)
                : null;
            throw Final(ErrorMapper.FromTransportFailure(failure, message, _client, timedOut), attempt);
        }

        if (attempt.Failure is { } unreadable)
        {
            throw Final(unreadable, attempt);
        }

        if (!message.Response!.IsSuccessStatusCode)
        {
            throw Final(ErrorMapper.FromResponse(message, readError, _client, attempt.RefusedWait, attempt.NoTurn), attempt);
        }

        // 5. The 2xx body, read by the generated reader.
        T value;
        try
        {
            value = read((int)message.Response.StatusCode, message.Body);
        }
        catch (Exception misread) when (misread is Newtonsoft.Json.JsonException or FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            throw ErrorMapper.Unreadable(message, $"the body could not be read as the documented model ({misread.Message})", _client, misread);
        }

        return new UGiftMeResult<T>(value, ResponseMetadata.From(message));
    }

    private static UGiftMeException Final(UGiftMeException exception, Attempt last)
    {
        exception.PacerHadNoTurn = last.NoTurn;
        return exception;
    }

    /// <summary>Sends <paramref name="request"/>, whose 2xx answer has no body to read.</summary>
    public async Task<ResponseMetadata> SendAsync(HttpRequestMessage request, ErrorReader readError, CancellationToken cancellationToken) =>
        (await SendAsync<object?>(request, static (_, _) => null, readError, cancellationToken).ConfigureAwait(false)).Metadata;

    /// <summary>Later calls throw <see cref="ObjectDisposedException"/> before anything is sent; the transport is the owner's to dispose.</summary>
    public void Dispose() => _disposed = true;

    // The first attempt asks for a retry: the whole pipeline takes over from its outcome (as its own first attempt), its
    // total timeout set to what is left of the call's. Polly's outcomes stay in here; its timeouts leave as ours.
    private async ValueTask<Attempt> RetryAsync(Attempt first, HttpMessage message, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var replay = new Replay(first, message.StartedAt);
            context.Properties.Set(Replay.Key, replay);
            var outcome = await _retrying.Value.ExecuteOutcomeAsync(
                static async (ctx, state) => ToOutcome(await state.Pipeline.NextAttemptAsync(state.Message, state.Replay, ctx.CancellationToken).ConfigureAwait(false)),
                context, (Pipeline: this, Message: message, Replay: replay)).ConfigureAwait(false);
            return ToAttempt(outcome);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // One attempt of the retry pipeline: the first one replayed, or a retry. On a paced client a retry waits for its turn
    // like a first attempt, within what is left of the TotalTimeout; when its turn would come later, it is not sent and
    // the call ends with the previous attempt's outcome, as when the server asks for a wait longer than what is left.
    private async ValueTask<Attempt> NextAttemptAsync(HttpMessage message, Replay replay, CancellationToken cancellationToken)
    {
        if (replay.Take() is { } first)
        {
            return first;
        }

        if (_client.Pacer.IsActive)
        {
            try
            {
                if (await _client.Pacer.WaitAsync(TimeLeft(message.StartedAt), cancellationToken).ConfigureAwait(false) is { } wait)
                {
                    return replay.Last with { Retry = false, Wait = null, RefusedWait = wait, NoTurn = true };
                }

                message.HoldsPacerSlot = true;
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException canceled)
            {
                ReleasePacerSlot(message);
                return Attempt.Threw(canceled);
            }
        }

        return replay.Last = await AttemptAsync(message, RetryAttemptTimeout(_client.Options), cancellationToken).ConfigureAwait(false);
    }

    // A retry's own timer: the AttemptTimeout, unless it cannot end an attempt before the TotalTimeout (whose timer, the
    // pipeline's, ends the call).
    private static TimeSpan RetryAttemptTimeout(UGiftMeClientOptions options) =>
        options.AttemptTimeout != Timeout.InfiniteTimeSpan && (options.TotalTimeout == Timeout.InfiniteTimeSpan || options.AttemptTimeout < options.TotalTimeout)
            ? options.AttemptTimeout
            : Timeout.InfiniteTimeSpan;

    // An attempt the pacer refused ends the retries: it carries what it threw as a result, not an exception the retry
    // would handle.
    private static Outcome<Attempt> ToOutcome(Attempt attempt) =>
        attempt is { Thrown: { } thrown, RefusedWait: null } ? Outcome.FromException<Attempt>(thrown) : Outcome.FromResult(attempt);

    // The pacer's slot of an attempt that no answer reached goes back: it is no longer on its way.
    private void ReleasePacerSlot(HttpMessage message)
    {
        if (message.HoldsPacerSlot)
        {
            message.HoldsPacerSlot = false;
            _client.Pacer.Release();
        }
    }

    private static Attempt ToAttempt(Outcome<Attempt> outcome) => outcome.Exception switch
    {
        null => outcome.Result!,
        TimeoutRejectedException => Attempt.Threw(new TimedOutException()),
        var thrown => Attempt.Threw(thrown),
    };

    // What is left of the call's TotalTimeout (infinite without one), rounded up to the whole milliseconds timers count:
    // a timer for it ends no earlier than the TotalTimeout.
    private TimeSpan TimeLeft(long started)
    {
        var total = _client.Options.TotalTimeout;
        var left = total - _client.TimeProvider.GetElapsedTime(started);
        const long Ms = TimeSpan.TicksPerMillisecond;
        return total == Timeout.InfiniteTimeSpan ? total : left <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((left.Ticks + Ms - 1) / Ms * Ms);
    }

    // One attempt, under its own timer, which the caller's token (for a retry, the pipeline's, which its TotalTimeout
    // cancels) also cancels. On .NET a timer that did not fire is kept for the next call, as Polly's pool does.
    private async ValueTask<Attempt> AttemptAsync(HttpMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
#if NET
        var timer = timeout == Timeout.InfiniteTimeSpan ? null : Interlocked.Exchange(ref _spareTimer, null) ?? new(Timeout.InfiniteTimeSpan, _client.TimeProvider);
        timer?.CancelAfter(timeout);
#else
        var timer = timeout == Timeout.InfiniteTimeSpan ? null : _client.TimeProvider.CreateCancellationTokenSource(timeout);
#endif
        var callerCancels = timer is null ? default : cancellationToken.Register(static t => ((CancellationTokenSource)t!).Cancel(), timer);
        var token = timer?.Token ?? cancellationToken;
        var request = message.Request;
        var number = ++message.Attempts;
        if (number > 1)
        {
            _client.Metrics.Retries.Add(1, new("http.request.method", message.Method), new("ugiftme.retry_reason", message.LastOutcome));
            Log.Retrying(_client.Logger, message.Method, message.Path, _client.TimeProvider.GetElapsedTime(message.LastAttemptEndedAt).TotalMilliseconds,
                message.LastOutcome ?? "", number - 1, _client.Options.Retry.MaxRetries, message.IdempotencyKey ?? Log.NoKey);
        }

        var started = _client.TimeProvider.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            var sentTo = request.RequestUri;
            response = await _transport.SendAsync(request, token).ConfigureAwait(false);
            if ((response.RequestMessage ?? request).RequestUri is { } answeredFrom && answeredFrom != sentTo)
            {
                response.Dispose();
                throw new RedirectFollowedException(answeredFrom);
            }

            _client.Redactor.Clean(response);
            message.Hold(response, default, null);
            await ReadBodyAsync(message, response, _client.Options.MaxResponseSize, _client.Redactor, token).ConfigureAwait(false);
            message.LastAttemptEndedAt = _client.TimeProvider.GetTimestamp();
            Completed(message, response, number, started);
            return Classify(message, response);
        }
        catch (ResponseTooLargeException tooLarge)
        {
            return Unreadable(message, $"its body is larger than UGiftMeClientOptions.MaxResponseSize ({_client.Options.MaxResponseSize} bytes{tooLarge.Announced})", tooLarge);
        }
        catch (Exception corrupt) when (response is not null && corrupt is InvalidDataException or InvalidOperationException)
        {
            return Unreadable(message, "its compressed body is corrupt", corrupt);
        }
        catch (HttpRequestException arrived) when (arrived.HttpRequestError is HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.InvalidResponse)
        {
            // A response arrived and was refused as it came in: retrying would get the same answer.
            var what = arrived.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded
                ? "it passed a limit of the transport (its headers are larger than the handler's MaxResponseHeadersLength)"
                : "it was not a valid HTTP response";
            return Unreadable(message, what, arrived);
        }
        catch (Exception failure)
        {
            message.CutShortStatus = (int?)response?.StatusCode;
            message.Release();
            response?.Dispose();
            ReleasePacerSlot(message);
            var canceled = failure is OperationCanceledException;
            message.LastOutcome = canceled ? nameof(TimeoutException) : failure.GetType().Name;
            message.EarlierAttemptMayHaveLanded = true;
            _client.Metrics.Attempts.Add(1, new("http.request.method", message.Method), new("error.type", ErrorType(failure)));
            var elapsed = _client.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
            Log.AttemptFailed(_client.Logger, message.Method, message.Path, elapsed, message.LastOutcome, number, message.IdempotencyKey ?? Log.NoKey);
            message.LastAttemptEndedAt = _client.TimeProvider.GetTimestamp();
            return Attempt.Threw(canceled && timer?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested ? new TimedOutException() : failure);
        }
        finally
        {
            callerCancels.Dispose();
#if NET
            timer = timer?.TryReset() == true ? Interlocked.Exchange(ref _spareTimer, timer) : timer;
#endif
            timer?.Dispose();
        }
    }

    private Attempt Unreadable(HttpMessage message, string problem, Exception failure)
    {
        var unreadable = ErrorMapper.Unreadable(message, problem, _client, failure);
        message.Release();
        return new Attempt(Retry: false, null, null, unreadable);
    }

    // The one classification of an attempt: done, worth retrying (and after how long), or final.
    private Attempt Classify(HttpMessage message, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is 404 && message.Request.Method == HttpMethod.Delete && message.EarlierAttemptMayHaveLanded)
        {
            // The earlier attempt's delete went through and its answer was lost: the resource is gone, as asked.
            response.StatusCode = HttpStatusCode.NoContent;
            message.Hold(response, default, null);
        }

        message.LastOutcome = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        message.EarlierAttemptMayHaveLanded |= status >= 500;
        var method = message.Request.Method;
        var retryable = status is 408 or 429 or 502 or 503 or 504 || (status == 500 && (method == HttpMethod.Get || method == HttpMethod.Head));
        if (!retryable)
        {
            return Attempt.Final;
        }

        if (message.RequestedWait is not { } wait)
        {
            return Attempt.RetryAfterBackoff;
        }

        var allowed = _client.Options.Retry.MaxRetryAfter;
        var total = _client.Options.TotalTimeout;
        if (total != Timeout.InfiniteTimeSpan && total - _client.TimeProvider.GetElapsedTime(message.StartedAt) is var remaining && remaining < allowed)
        {
            allowed = remaining;
        }

        if (wait <= allowed)
        {
            return new Attempt(Retry: true, wait, null, null);
        }

        Log.WaitRefused(_client.Logger, message.Method, message.Path, wait, allowed);
        return new Attempt(Retry: false, null, wait, null);
    }

    // Reads the whole body into one array, stopping as soon as it passes the limit, and masks the API key in it: the
    // generated reader then deserializes from memory, and nothing reads the network twice. Bodies up to PooledBodyLimit
    // go into an array from the shared pool, which the message gives back when the call is over.
    private static async ValueTask ReadBodyAsync(HttpMessage message, HttpResponseMessage response, long limit, SecretRedactor redactor, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var announced = content.Headers.ContentLength;
        if (announced > limit)
        {
            throw new ResponseTooLargeException($", announced {announced}");
        }

        byte[] buffer;
        int read;
        // Disposed synchronously, the one way netstandard2.0 has: the body is read by then, so there is nothing to flush.
        using (var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
        {
            if (announced is not { } length)
            {
                (buffer, read) = await ReadChunkedAsync(stream, limit, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // With a Content-Length the array holds exactly that (the transport stops there, or earlier if the body is cut short).
                buffer = BodyArray(length);
                try
                {
                    read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, (int)length), (int)length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                }
                catch when (length <= PooledBodyLimit)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }
            }
        }

        message.Hold(response, redactor.RedactApiKey(buffer.AsMemory(0, read)), (announced ?? read) <= PooledBodyLimit ? buffer : null);
    }

    private const int PooledBodyLimit = 1024 * 1024;

    private static byte[] BodyArray(long length) =>
        length <= PooledBodyLimit ? System.Buffers.ArrayPool<byte>.Shared.Rent((int)length) : GC.AllocateUninitializedArray<byte>((int)length);

    // Without a Content-Length, the body goes into pooled 64 KiB chunks and is copied once into an exact array at the
    // end: a big body costs its own size (not the 2-3x of a doubling buffer), and one past the limit costs only the
    // pooled chunks.
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

    private static ResiliencePipeline<Attempt> BuildPipeline(ClientState client)
    {
        var options = client.Options;
        var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = client.TimeProvider };
        if (options.TotalTimeout != Timeout.InfiniteTimeSpan)
        {
            var time = client.TimeProvider;
            // At least a tick: Polly applies no timeout at all for zero or less (time may pass after the caller's check).
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.TryGetValue(Replay.Key, out var first)
                    ? TimeSpan.FromTicks(Math.Max(1, (options.TotalTimeout - time.GetElapsedTime(first.CallStartedAt)).Ticks))
                    : options.TotalTimeout),
            });
        }

        if (options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Attempt>
            {
                MaxRetryAttempts = options.Retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(ToAttempt(args.Outcome))),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Result?.Wait),
            });
        }

        return builder.Build();
    }

    private static bool ShouldRetry(Attempt attempt) => attempt.Retry || attempt is { Thrown: HttpRequestException or IOException or TimedOutException, RefusedWait: null };

    private void Completed(HttpMessage message, HttpResponseMessage response, int attempt, long started)
    {
        var method = message.Method;
        var status = (int)response.StatusCode;
        if (RateLimitInfo.FromResponseHeaders(response.Headers, _client.TimeProvider.GetUtcNow()) is { } rateLimit)
        {
            message.RateLimit = rateLimit;
            _client.Observe(rateLimit);
        }

        // What the server asked to wait, read once for the pacer, the log, the retry and the exception.
        message.RequestedWait = status is 408 or 429 or >= 500 ? RetryHints.WaitRequested(response, _client.TimeProvider.GetUtcNow()) : null;
        _client.Pacer.Observe(status, message.RateLimit, status == 429 ? message.RequestedWait : null, message.HoldsPacerSlot);
        message.HoldsPacerSlot = false;

        // The instruments and log lines are no-ops without a listener or an enabled level: checking first saves boxing.
        if (_client.Metrics.Attempts.Enabled)
        {
            _client.Metrics.Attempts.Add(1, new("http.request.method", method), new("http.response.status_code", status));
        }

        if (status == 429)
        {
            _client.Metrics.RateLimited.Add(1, new KeyValuePair<string, object?>("http.request.method", method));
            Log.RateLimited(_client.Logger, method, message.Path, message.RequestedWait, message.RateLimit?.Remaining);
        }

        if (_client.Logger.IsEnabled(LogLevel.Debug))
        {
            var elapsed = _client.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
            Log.AttemptCompleted(_client.Logger, method, message.Path, status, elapsed, attempt, message.IdempotencyKey ?? Log.NoKey);
        }
    }

    // The HTTP client span of the semantic conventions, named after the operation's path template (never the raw path,
    // whose ids would make a new name per order), with the attributes that sampling may use set at its start.
    private static Activity? StartActivity(HttpRequestMessage request, SecretRedactor redactor)
    {
        var method = request.Method.Method;
        var template = UrlTemplate.Of(request);
        var tags = RequestTags(request, template);
        tags.Add("url.full", redactor.Redact(request.RequestUri!.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped)));
        return UGiftMeTelemetry.ActivitySource.StartActivity(ActivityKind.Client, tags: tags, name: template is null ? method : $"{method} {template}");
    }

    // The attributes the span and the duration share.
    private static TagList RequestTags(HttpRequestMessage request, string? template)
    {
        var tags = new TagList
        {
            { "http.request.method", request.Method.Method },
            { "server.address", request.RequestUri!.IdnHost },
            { "server.port", request.RequestUri.Port },
        };
        if (template is not null)
        {
            tags.Add("url.template", template);
        }

        return tags;
    }

    private void Complete(Activity? activity, HttpMessage message, long started, int? statusCode, string? errorType)
    {
        var request = message.Request;
        errorType ??= statusCode >= 400 ? statusCode.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var duration = _client.Metrics.Duration;
        if (duration.Enabled)
        {
            var tags = RequestTags(request, UrlTemplate.Of(request));
            if (statusCode is not null)
            {
                tags.Add("http.response.status_code", statusCode);
            }

            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }

            duration.Record(_client.TimeProvider.GetElapsedTime(started).TotalSeconds, tags);
        }

        if (activity is null)
        {
            return;
        }

        // A null value sets no tag.
        activity.SetTag("http.response.status_code", statusCode);
        activity.SetTag("http.request.resend_count", message.RetryCount > 0 ? message.RetryCount : null);
        activity.SetTag("ugiftme.idempotency_key", message.IdempotencyKey);
        if (errorType is not null)
        {
            activity.SetTag("error.type", errorType);
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    // The conventions' error.type for a failure without a usable response: the exception's full type name; a timeout
    // is a TimeoutException, whichever timer (Polly's or the caller's HttpClient's) ended it.
    private static string? ErrorType(Exception? failure) => failure switch
    {
        null => null,
        OperationCanceledException or TimedOutException => typeof(TimeoutException).FullName,
        _ => failure.GetType().FullName,
    };

    /// <summary>
    /// One attempt's classified outcome (its response is the message's): whether to retry and after what wait, or why
    /// it cannot be read; or what it threw (the transport's failure, or a timeout). <c>RefusedWait</c>: the wait that
    /// ended the retries, the server's (<c>Retry-After</c>) or, with <c>NoTurn</c>, the pacer's for the next retry.
    /// </summary>
    private sealed record Attempt(bool Retry, TimeSpan? Wait, TimeSpan? RefusedWait, UnreadableResponseException? Failure, Exception? Thrown = null, bool NoTurn = false)
    {
        public static readonly Attempt Final = new(Retry: false, null, null, null);

        public static readonly Attempt RetryAfterBackoff = new(Retry: true, null, null, null);

        public static Attempt Threw(Exception thrown) => new(Retry: false, null, null, null, thrown);
    }

    /// <summary>
    /// The first attempt's outcome, handed once to the retrying pipeline as its own first attempt; the last attempt's
    /// outcome (what the call ends with when the pacer gives no retry a turn); and when the call started.
    /// </summary>
    private sealed class Replay(Attempt first, long callStartedAt)
    {
        public static readonly ResiliencePropertyKey<Replay> Key = new("ugiftme.first_attempt");

        private Attempt? _first = first;

        public Attempt Last = first;

        public long CallStartedAt { get; } = callStartedAt;

        public Attempt? Take()
        {
            var taken = _first;
            _first = null;
            return taken;
        }
    }

    private sealed class TimedOutException() : TimeoutException("The AttemptTimeout or TotalTimeout ended the call.");

    /// <summary>The application's transport followed a redirect: the request, with its key, reached another address. Never retried.</summary>
    internal sealed class RedirectFollowedException(Uri target) : Exception($"The transport followed a redirect to {target.GetLeftPart(UriPartial.Authority)}.")
    {
        public Uri Target { get; } = target;
    }

    private sealed class ResponseTooLargeException(string announced) : Exception("The response body is larger than MaxResponseSize.")
    {
        public string Announced { get; } = announced;
    }
}
