using CsCheck;
using RichardSzalay.MockHttp;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Http;

/// <summary>
/// Any string a caller passes as an id reaches the wire as exactly one path segment that decodes back to it, or is
/// refused with <see cref="ArgumentException"/> before anything is sent. Seeded (CSCHECK_SEED overrides it); the seed is printed.
/// </summary>
public sealed class PathSegmentPropertyTests
{
    private static readonly string Seed = Environment.GetEnvironmentVariable("CSCHECK_SEED") is { Length: > 0 } seed ? seed : "0000Pq7Zt2xc";

    // Dots, slashes, percent signs, query and fragment marks, spaces and any other character, short and long.
    private static readonly Gen<string> Id = Gen.OneOf(
        Gen.OneOf("", " ", ".", "..", "...", "./..", "../x", "%2e%2e", "%2F", "a/b", "a?b", "a#b", "a b", "a%b", "..\\", "é", "\t"),
        Gen.String[Gen.Char['%', '/'], 1, 4],
        Gen.String[Gen.OneOf(Gen.Char['-', '/'], Gen.Char.AlphaNumeric, Gen.OneOf('?', '#', '%', ' ', '\\')), 1, 12],
        Gen.String);

    [SetUp]
    public void PrintSeed() => TestContext.Out.WriteLine($"CsCheck seed: {Seed} (set CSCHECK_SEED to replay another)");

    [Test]
    public void AnyCallerId_IsOneSegmentOnTheWire_OrRefusedBeforeSending()
    {
        Id.Sample(id =>
        {
            using var mock = new MockHttpMessageHandler();
            Uri? sent = null;
            mock.When("*").Respond(request =>
            {
                sent = request.RequestUri;
                return Responses.Json(200, """{"_id":"o-1"}""");
            });
            using var client = TestClients.Create(mock, new TestClock());

            try
            {
                client.Orders.GetAsync(id).GetAwaiter().GetResult();
            }
            catch (ArgumentException)
            {
                Assert.That(sent, Is.Null, $"'{id}' was refused, so nothing may be sent");
                Assert.That(string.IsNullOrWhiteSpace(id) || id is "." or "..", $"'{id}' is an id that can be sent");
                return;
            }

            var path = sent!.AbsolutePath;
            const string Prefix = "/api/v1/business/orders/";
            Assert.That(path, Does.StartWith(Prefix), $"'{id}' stays under /orders: {sent}");
            var segment = path[Prefix.Length..];
            Assert.That(segment, Does.Not.Contain("/"), $"'{id}' is one segment: {sent}");
            Assert.That(Uri.UnescapeDataString(segment), Is.EqualTo(id).Or.EqualTo(Replaced(id)), $"'{id}' decodes back: {sent}");
            Assert.That(sent.Query, Is.Empty, $"'{id}' adds no query: {sent}");
            Assert.That(sent.Fragment, Is.Empty, $"'{id}' adds no fragment: {sent}");
        }, seed: Seed, iter: 3_000, threads: 1);
    }

    // Lone surrogates cannot be UTF-8: they are sent as U+FFFD, as every .NET URL is.
    private static string Replaced(string id) => new(id.Select((c, i) => char.IsSurrogate(c) && !(char.IsSurrogatePair(id, Math.Max(0, i - 1)) || (i + 1 < id.Length && char.IsSurrogatePair(c, id[i + 1]))) ? '\uFFFD' : c).ToArray());
}
