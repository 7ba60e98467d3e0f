using System.Globalization;
using CsCheck;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>
/// Random header values against the hint parsers and the whole client: nothing a server sends in a header makes the SDK
/// throw anything but a <see cref="UGiftMeException"/>. Seeded (CSCHECK_SEED overrides the seed); the seed is printed.
/// </summary>
public sealed class HeaderParsingPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string Seed = Environment.GetEnvironmentVariable("CSCHECK_SEED") is { Length: > 0 } seed ? seed : "0000veOD2sb1";

    // Numbers of every size and sign, in every notation, HTTP dates, and plain noise.
    private static readonly Gen<string> HeaderValue = Gen.OneOf(
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.Long[0, 10_000_000_000_000].Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.Int[-3, 4].Select(e => $"1e{e * 5}"),
        Gen.OneOf("Infinity", "-Infinity", "NaN", "1e308", "-0", "", " ", "0x10", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT"),
        Gen.DateTimeOffset.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.String[Gen.Char.AlphaNumeric, 0, 20],
        Gen.String);

    [SetUp]
    public void PrintSeed() => TestContext.Out.WriteLine($"CsCheck seed: {Seed} (set CSCHECK_SEED to replay another)");

    [Test]
    public void Parsers_AnyValue_NeverThrowAndNeverGiveANegativeWait()
    {
        HeaderValue.Sample(value =>
        {
            var wait = RetryHints.ParseRetryAfter(value, Now);
            var reset = RetryHints.ParseReset(value, Now);
            _ = RetryHints.ParseCount(value);
            _ = RateLimitInfo.FromHeaders([new("RateLimit-Reset", [value]), new("X-RateLimit-Remaining", [value]), new("RateLimit-Limit", [value])], Now);
            return wait is null || wait >= TimeSpan.Zero && reset is null || reset >= DateTimeOffset.MinValue;
        }, seed: Seed, iter: 5_000, threads: 1);
    }

    [Test]
    public void WholeClient_AnyHintHeadersOn200And429_OnlyEverThrowsUGiftMeExceptions()
    {
        Gen.Select(HeaderValue, HeaderValue, Gen.Bool).Sample((retryAfter, reset, limited) =>
        {
            var clock = new TestClock();
            using var mock = new MockHttpMessageHandler();
            mock.When(HttpMethod.Get, TestClients.BaseUrl + "/wallet").Respond(_ => Responses.Json(limited ? 429 : 200, "[]",
                ("Retry-After", retryAfter), ("RateLimit-Reset", reset), ("X-RateLimit-Reset", reset), ("RateLimit-Remaining", reset)));
            using var client = TestClients.Create(mock, clock, o => o.Retry.MaxRetries = 1);
            try
            {
                clock.RunAsync(client.Wallet.ListAsync()).GetAwaiter().GetResult();
                return !limited;
            }
            catch (RateLimitedException)
            {
                return limited;
            }
        }, seed: Seed, iter: 300, threads: 1);
    }
}
