using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Json;
using UGiftMe.Sandbox.State;

namespace UGiftMe.Sandbox.Webhooks;

/// <summary>
/// Sends signed deliveries to subscriptions, each in the background, and retries failures on the sandbox clock after
/// the configured delays. Every attempt is recorded (<see cref="SandboxState.WebhookDeliveries"/>).
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    private readonly SandboxContext _sandbox;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    public WebhookDispatcher(SandboxContext sandbox)
    {
        _sandbox = sandbox;
        _client = sandbox.WebhookHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        _client.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>Queues <paramref name="payload"/> for every active subscription to <paramref name="eventName"/>.</summary>
    public void Publish(string eventName, object payload)
    {
        var body = SandboxJson.Serialize(payload);
        lock (_sandbox.Store.Gate)
        {
            foreach (var subscription in _sandbox.Store.Webhooks)
            {
                if (subscription.IsActive && !subscription.Deleted && subscription.Events.Contains(eventName))
                {
                    Track(AttemptAsync(subscription, eventName, body, attempt: 1));
                }
            }
        }

        // Every change of state publishes an event (wallet.updated, order.*): the moment for waiting tests to look.
        _sandbox.Signals.Notify();
    }

    /// <summary>Sends a <c>webhook.test</c> delivery now and reports how the receiver answered.</summary>
    public async Task<(bool Ok, int? StatusCode, string? Error)> SendTestAsync(
        WebhookSubscription subscription, byte[] body, CancellationToken cancellationToken)
    {
        var (url, secret) = Snapshot(subscription);
        var result = await SendAsync(
                url, secret, "webhook.test", body, isTest: true, _sandbox.Options.Webhooks.TestDeliveryTimeout,
                cancellationToken)
            .ConfigureAwait(false);
        _sandbox.Store.RecordDelivery(new SandboxWebhookDelivery(
            subscription.Id, "webhook.test", url, Encoding.UTF8.GetString(body),
            WebhookSignature.Compute(secret, body), 1, true, result.Ok, result.StatusCode, result.Error,
            _sandbox.Time.GetUtcNow(), null));
        _sandbox.Signals.Notify();
        return result;
    }

    private async Task AttemptAsync(WebhookSubscription subscription, string eventName, byte[] body, int attempt)
    {
        await Task.Yield();
        var (url, secret) = Snapshot(subscription);
        var result = await SendAsync(
                url, secret, eventName, body, isTest: false, _sandbox.Options.Webhooks.DeliveryTimeout,
                _shutdown.Token)
            .ConfigureAwait(false);
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }

        var now = _sandbox.Time.GetUtcNow();
        var retryDelay = !result.Ok && attempt <= _sandbox.RetryDelays.Count
            ? _sandbox.RetryDelays[attempt - 1]
            : (TimeSpan?)null;
        lock (_sandbox.Store.Gate)
        {
            if (result.Ok)
            {
                subscription.SuccessCount++;
            }
            else
            {
                subscription.FailedCount++;
            }

            subscription.LastUsed = now;
        }

        if (retryDelay is { } delay)
        {
            _sandbox.Schedule(delay, () => Retry(subscription, eventName, body, attempt + 1));
        }

        _sandbox.Store.RecordDelivery(new SandboxWebhookDelivery(
            subscription.Id, eventName, url, Encoding.UTF8.GetString(body), WebhookSignature.Compute(secret, body),
            attempt, false, result.Ok, result.StatusCode, result.Error, now, now + retryDelay));
        _sandbox.Signals.Notify();
    }

    private void Retry(WebhookSubscription subscription, string eventName, byte[] body, int attempt)
    {
        lock (_sandbox.Store.Gate)
        {
            if (subscription.Deleted || !subscription.IsActive)
            {
                return;
            }
        }

        Track(AttemptAsync(subscription, eventName, body, attempt));
    }

    private async Task<(bool Ok, int? StatusCode, string? Error)> SendAsync(
        Uri url,
        string secret,
        string eventName,
        byte[] body,
        bool isTest,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Webhook-Event", eventName);
        request.Headers.Add("X-Webhook-Signature", WebhookSignature.Compute(secret, body));
        if (isTest)
        {
            request.Headers.Add("X-Webhook-Delivery", "test");
        }

        using var timeoutSource = new CancellationTokenSource(timeout, _sandbox.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                .ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? (true, status, null)
                : (false, status, $"Endpoint answered HTTP {status}.");
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            return (false, null, $"Timed out after {timeout.TotalSeconds:0.###} s.");
        }
        catch (OperationCanceledException)
        {
            return (false, null, "The delivery was cancelled.");
        }
        catch (HttpRequestException exception)
        {
            return (false, null, $"Connection failed: {exception.Message}");
        }
#pragma warning disable CA1031 // Whatever a receiver or handler throws is a failed delivery, never a crashed sandbox.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return (false, null, $"Delivery failed: {exception.Message}");
        }
    }

    private (Uri Url, string Secret) Snapshot(WebhookSubscription subscription)
    {
        lock (_sandbox.Store.Gate)
        {
            return (subscription.Url, subscription.Secret);
        }
    }

    private void Track(Task task)
    {
        _inFlight.TryAdd(task, 0);
        task.ContinueWith(
            (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _),
            _inFlight,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_inFlight.Keys).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Deliveries cut short by shutdown are not reported.
        }

        _client.Dispose();
        _shutdown.Dispose();
    }
}
