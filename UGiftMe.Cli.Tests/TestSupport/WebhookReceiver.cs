using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace UGiftMe.Cli.Tests.TestSupport;

/// <summary>
/// A webhook endpoint on 127.0.0.1 that checks signatures on its own — HMAC-SHA256 of the raw body bytes, keyed with
/// the secret's UTF-8 bytes, as lowercase hex, computed here and not with the SDK's verifier — records every delivery
/// and answers 200 when the signature matches, 401 when it does not (or <see cref="AnswerStatus"/> when set).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<ReceivedDelivery> _deliveries = [];
    private readonly List<(Func<IReadOnlyList<ReceivedDelivery>, bool> Done, TaskCompletionSource Signal)> _waiters = [];

    private WebhookReceiver(WebApplication app, string path)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Url = new Uri(address.TrimEnd('/') + path);
    }

    public Uri Url { get; }

    /// <summary>The secret signatures are checked with; can be set once known (e.g. when <c>listen</c> prints it).</summary>
    public string? Secret { get; set; }

    /// <summary>When set, every delivery gets this status whatever its signature.</summary>
    public int? AnswerStatus { get; set; }

    public IReadOnlyList<ReceivedDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return [.. _deliveries];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync(string? secret, string path = "/webhooks/ugiftme")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost(path, (HttpContext context) => receiver!.ReceiveAsync(context));
        await app.StartAsync();
        receiver = new WebhookReceiver(app, path) { Secret = secret };
        return receiver;
    }

    /// <summary>Completes once the deliveries received satisfy <paramref name="done"/>.</summary>
    public Task WaitForAsync(Func<IReadOnlyList<ReceivedDelivery>, bool> done, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (done(_deliveries))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((done, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var signature = context.Request.Headers["X-Webhook-Signature"].ToString();
        var secret = Secret;
        var expected = secret is null ? null : Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        var valid = expected is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
        var delivery = new ReceivedDelivery(
            context.Request.Headers["X-Webhook-Event"].ToString(),
            signature,
            context.Request.Headers["X-Webhook-Delivery"].ToString(),
            context.Request.ContentType,
            body,
            valid);
        List<TaskCompletionSource> released = [];
        lock (_gate)
        {
            _deliveries.Add(delivery);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Done(_deliveries))
                {
                    released.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in released)
        {
            signal.TrySetResult();
        }

        // Recorded before answering, so whoever sent it finds it here as soon as it has the answer.
        context.Response.StatusCode = AnswerStatus ?? (valid ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized);
        await context.Response.WriteAsync(valid ? "{\"received\":true}" : "{\"error\":\"bad signature\"}", context.RequestAborted);
    }
}
