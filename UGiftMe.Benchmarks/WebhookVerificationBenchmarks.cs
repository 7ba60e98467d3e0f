using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using UGiftMe.Models;
using UGiftMe.Testing;

namespace UGiftMe.Benchmarks;

/// <summary>
/// Figure 3: checking an <c>order.succeeded</c> delivery's signature with <see cref="WebhookVerifier"/> against the
/// least a receiver can do (hex-decode the header, <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>,
/// <see cref="CryptographicOperations.FixedTimeEquals"/>), for bodies of 1 KB, 64 KB and 1 MB.
/// <see cref="WebhookVerifier.Verify(ReadOnlySpan{byte}, WebhookHeaders)"/> also parses the body into the typed
/// event; it is shown for scale and is not held to the HMAC goal.
/// </summary>
public class WebhookVerificationBenchmarks
{
    private const string Secret = "whsec_benchmark_0123456789abcdef";

    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Secret);

    private readonly WebhookVerifier _verifier = new(Secret);
    private byte[] _body = [];
    private string _signature = "";
    private WebhookHeaders _headers = null!;

    [Params(1024, 64 * 1024, 1024 * 1024)]
    public int BodyBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = DocumentedBodies.OrderSucceededWebhook(BodyBytes);
        var delivery = new WebhookSigner(Secret).CreateDelivery(WebhookEventNames.OrderSucceeded, _body);
        _signature = delivery.Signature;
        _headers = delivery.ToWebhookHeaders();
        if (!RawHmacSha256() || !VerifySignature() || VerifyAndParse() is not WebhookEvent<OrderSucceededEvent>)
        {
            throw new InvalidOperationException("The benchmark delivery does not verify.");
        }
    }

    /// <summary>
    /// Bytes allocated by one <see cref="WebhookVerifier.VerifySignature"/> call on this thread, counted exactly over
    /// many calls. BenchmarkDotNet's Allocated column divides whatever the process allocated during an iteration by a
    /// few calls for a 1 MB body, so a stray byte of the runtime's shows up as a few bytes per call there.
    /// </summary>
    public static double VerifySignatureAllocatedBytes(int bodyBytes, int calls = 200, int rounds = 5)
    {
        var benchmark = new WebhookVerificationBenchmarks { BodyBytes = bodyBytes };
        benchmark.Setup();
        benchmark.VerifySignature();
        // The fewest of several rounds: the runtime's own work on this thread while a method is promoted to its optimised
        // code (once, some tens of calls in) lands in one round, and is not the method's allocation per call.
        var fewest = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++)
            {
                benchmark.VerifySignature();
            }

            fewest = Math.Min(fewest, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls);
        }

        return fewest;
    }

    [Benchmark(Baseline = true)]
    public bool RawHmacSha256()
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(_signature, expected, out _, out var written) != OperationStatus.Done || written != expected.Length)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Key, _body, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    [Benchmark]
    public bool VerifySignature() => _verifier.VerifySignature(_body, _signature) == WebhookVerificationFailure.None;

    [Benchmark]
    public WebhookEvent VerifyAndParse() => _verifier.Verify(_body, _headers);
}
