using System.Buffers;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// The receiving side of the webhook receiver comparison, run in its own process (<c>webhooks-serve</c> mode) so that
/// the bytes it allocates are the receivers' alone: one Kestrel app on 127.0.0.1 (HTTP/1.1) with the two receivers
/// side by side.
/// <list type="bullet">
/// <item><c>POST /webhooks/sdk</c>: <c>MapUGiftMeWebhooks</c> with default options (read the body within
/// MaxBodySize, verify, parse into the typed event, de-duplicate in the in-memory store, publish an order completion,
/// dispatch to a handler that counts the event);</item>
/// <item><c>POST /webhooks/raw</c>: the least a receiver can do, as a bare endpoint: the body into a pooled array,
/// the header hex-decoded, <c>HMACSHA256.HashData</c>, <c>CryptographicOperations.FixedTimeEquals</c>, 200 or 401;</item>
/// <item><c>GET /stats</c>: the process's allocated bytes (<c>GC.GetTotalAllocatedBytes(precise: true)</c>) and how
/// many deliveries each receiver accepted, read by the sender before and after each turn.</item>
/// </list>
/// No logging provider is registered, for both alike: ASP.NET Core's own per-request lines would otherwise dwarf the
/// receivers.
/// </summary>
internal static class WebhookReceiverServer
{
    public const string Secret = "whsec_benchmark_0123456789abcdef";
    public const string SdkPath = "webhooks/sdk";
    public const string RawPath = "webhooks/raw";
    public const string StatsPath = "stats";

    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Secret);

    private static long _sdkHandled;
    private static long _rawAccepted;

    public static async Task RunAsync(TextWriter announce)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddUGiftMeWebhooks(options => options.Secrets.Add(Secret));
        await using var app = builder.Build();

        app.MapUGiftMeWebhooks("/" + SdkPath, (WebhookEvent webhookEvent, CancellationToken _) =>
        {
            Interlocked.Increment(ref _sdkHandled);
            return Task.CompletedTask;
        });
        app.MapPost("/" + RawPath, ReceiveRawAsync);
        app.MapGet("/" + StatsPath, () => string.Create(CultureInfo.InvariantCulture,
            $"{GC.GetTotalAllocatedBytes(precise: true)} {Interlocked.Read(ref _sdkHandled)} {Interlocked.Read(ref _rawAccepted)}"));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        await announce.WriteLineAsync($"listening {new Uri(address).Port}");
        await announce.FlushAsync();
        await app.WaitForShutdownAsync();
    }

    private static async Task ReceiveRawAsync(HttpContext context)
    {
        var length = (int)(context.Request.ContentLength ?? 0);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var read = await context.Request.Body.ReadAtLeastAsync(buffer.AsMemory(0, length), length, throwOnEndOfStream: false, context.RequestAborted);
            var genuine = read == length && SignatureMatches(buffer.AsSpan(0, read), context.Request.Headers[WebhookHeaders.SignatureHeaderName].ToString());
            if (genuine)
            {
                Interlocked.Increment(ref _rawAccepted);
            }

            context.Response.StatusCode = genuine ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool SignatureMatches(ReadOnlySpan<byte> body, string signature)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(signature, expected, out _, out var written) != OperationStatus.Done || written != expected.Length)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Key, body, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
