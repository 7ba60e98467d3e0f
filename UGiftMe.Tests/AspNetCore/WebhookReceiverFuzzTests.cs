using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UGiftMe.Testing;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.AspNetCore;

/// <summary>
/// Random signed and unsigned deliveries, written byte by byte over a raw TCP connection to the real receiver
/// (<c>MapUGiftMeWebhooks</c> on Kestrel at 127.0.0.1): documented bodies and broken ones (duplicate keys, odd and
/// non-finite numbers, truncated JSON, bytes that are not UTF-8, non-objects, random JSON), every spelling of the header
/// names and event names, duplicate and wrong signatures, bodies cut in transport, chunked bodies, test deliveries and
/// replays. Each case is a sequence of deliveries against a fresh de-duplication store, so a case depends on nothing but
/// its own seed. CsCheck runs the printed seed (CSCHECK_SEED overrides it) as the first case and fresh ones after it;
/// a failure prints the failing case's seed, which replays it exactly. The counts are printed.
/// </summary>
public sealed class WebhookReceiverFuzzTests
{
    private const int Cases = 400;
    private const int NoAnswer = 0;
    private const string Secret = "a1b2c3d4e5f678901234567890abcdef1234567890abcdef1234567890abcd";
    private const string RotatedSecret = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    private const string OtherSecret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly string Seed = Environment.GetEnvironmentVariable("CSCHECK_SEED") is { Length: > 0 } seed
        ? seed
        : new PCG(13, 20261201).ToString();

    private static readonly string[] Events =
    [
        WebhookEventNames.WebhookTest, WebhookEventNames.OrderQueued, WebhookEventNames.OrderProcessing,
        WebhookEventNames.OrderSucceeded, WebhookEventNames.OrderFailed, WebhookEventNames.ProductUpdated,
        WebhookEventNames.WalletUpdated,
    ];

    // Bodies that say which event they are (webhook.test by its type, order events by orderRequestId and status).
    private static readonly string[] SelfNaming =
    [
        WebhookEventNames.WebhookTest, WebhookEventNames.OrderQueued, WebhookEventNames.OrderProcessing,
        WebhookEventNames.OrderSucceeded, WebhookEventNames.OrderFailed,
    ];

    private static readonly string[] OddFiniteNumbers =
        ["-0", "1e-400", "0.1e1", "1E2", "123456789012345678901234567890", "9007199254740993", "-1.5e300", "0.000000000000000000000000000001"];

    private static readonly string[] NonFiniteNumbers = ["1e400", "-1e400", "1E999", "123e1000"];

    private static readonly string[] NotObjects = ["[]", "[1,2]", "\"order.succeeded\"", "42", "null", "true"];

    private static readonly byte[][] NotUtf8 = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xC0, 0xAF]];

    private static readonly string[][] HeaderNames =
    [
        [WebhookHeaders.EventHeaderName, WebhookHeaders.SignatureHeaderName, WebhookHeaders.DeliveryHeaderName],
        ["x-webhook-event", "x-webhook-signature", "x-webhook-delivery"],
        ["X-WEBHOOK-EVENT", "X-WEBHOOK-SIGNATURE", "X-WEBHOOK-DELIVERY"],
    ];

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf<JsonNode?>(
        Gen.OneOf("", "order.succeeded", "succeeded", "65e4f5b6c7d8e90123456789", "\u00e9", "\uD83C\uDF81").Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.OneOf("0", "-0", "1e308", "1e-400", "123456789012345678901234567890").Select(n => JsonNode.Parse(n)),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null));

    private static readonly Gen<JsonNode?> RandomJson = Gen.Recursive<JsonNode?>((depth, self) => depth >= 3
        ? Scalar
        : Gen.Frequency<JsonNode?>(
            (3, Scalar),
            (1, self.Array[0, 3].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]))),
            (2, Gen.Select(Gen.OneOf("orderRequestId", "status", "type", "timestamp", "result", "userId", "balance", "x").Array[0, 4], self.Array[4],
                (keys, values) =>
                {
                    var body = new JsonObject();
                    for (var i = 0; i < keys.Length; i++)
                    {
                        body[keys[i]] = values[i]?.DeepClone();
                    }

                    return (JsonNode?)body;
                }))));

    private static readonly Gen<Step> StepGen = Gen.Select(
        Gen.Select(
            Gen.Frequency((10, Gen.Const(Kind.WellFormed)), (1, Gen.Const(Kind.OddFiniteNumber)), (1, Gen.Const(Kind.DuplicateKey)),
                (1, Gen.Const(Kind.NonFinite)), (1, Gen.Const(Kind.TruncatedJson)), (1, Gen.Const(Kind.NotUtf8)),
                (1, Gen.Const(Kind.NotObject)), (1, Gen.Const(Kind.RandomJson)), (4, Gen.Const(Kind.Replay))),
            Gen.Int[0, Events.Length - 1],
            Gen.Int[0, 6],
            Gen.Frequency((12, Gen.Int[0, 3]), (1, Gen.Int[4, 5]), (6, Gen.Int[6, 13]))),
        Gen.Select(
            Gen.Frequency((12, Gen.Int[0, 3]), (3, Gen.Int[4, 8])),
            Gen.Int[0, HeaderNames.Length - 1],
            Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true))),
            Gen.Frequency((5, Gen.Const(Transfer.ContentLength)), (1, Gen.Const(Transfer.Chunked)), (1, Gen.Const(Transfer.Cut)))),
        Gen.Select(Gen.Int[0, 1000], RandomJson),
        (a, b, c) => new Step(a.Item1, a.Item2, a.Item3, a.Item4, b.Item1, b.Item2, b.Item3, b.Item4, c.Item1, c.Item2));

    private enum Kind { WellFormed, OddFiniteNumber, DuplicateKey, NonFinite, TruncatedJson, NotUtf8, NotObject, RandomJson, Replay }

    private enum Transfer { ContentLength, Chunked, Cut }

    /// <summary>What the receiver must answer to a validly signed delivery under its own event name.</summary>
    private enum Expect { Dispatch, Refuse, Either }

    [Test]
    public async Task AnyDeliverySequence_NeverA5xx_NeverUnsignedDispatch_EachDistinctDeliveryAtMostOnce_ValidOnesExactlyOnce()
    {
        TestContext.Progress.WriteLine($"WebhookReceiverFuzzTests seed: {Seed} ({Cases} cases; CSCHECK_SEED=<seed> replays a failing case)");
        var fixtures = Events.Select(name => JsonNode.Parse(DocumentedFixture.Load($"webhooks/{name}.json").BodyText)!.AsObject()).ToArray();
        var store = new ResettableDeduplicationStore();
        await using var host = await WebhookReceiverHost.StartAsync(
            o =>
            {
                o.Secrets.Add(Secret);
                o.Secrets.Add(RotatedSecret);
            },
            customize: b => b.Services.AddSingleton<IWebhookDeduplicationStore>(store));
        var counts = new Counts();

        await StepGen.Array[1, 16].SampleAsync(
            async steps =>
            {
                store.Reset();
                var dispatchedKeys = new HashSet<string>(StringComparer.Ordinal);
                var sent = new List<Planned>();
                foreach (var step in steps)
                {
                    var planned = step.Kind == Kind.Replay && sent.Count > 0
                        ? sent[step.Pick % sent.Count] with { HeaderNames = step.HeaderNames, Test = step.Test }
                        : Plan(step, fixtures);
                    counts.Replays += step.Kind == Kind.Replay && sent.Count > 0 ? 1 : 0;
                    sent.Add(planned);

                    var before = host.Dispatched.Count;
                    var (status, answer) = await SendAsync(host.Endpoint.Port, planned);
                    var dispatched = host.Dispatched.Skip(before).ToList();
                    var key = planned.Key;
                    var context = $"{planned} -> {status} {answer}";
                    counts.Count(status, dispatched.Count);

                    // A cut body is never taken whole; a request without a signature is refused (401) on its headers, before its
                    // body is read, unless the server refused headers that are not ASCII first (400).
                    var cutAnswers = !planned.SignatureMissing ? Is.EqualTo(400).Or.EqualTo(NoAnswer)
                        : planned.HeadersAscii ? Is.EqualTo(401).Or.EqualTo(NoAnswer) : Is.EqualTo(401).Or.EqualTo(400).Or.EqualTo(NoAnswer);
                    Assert.That(status, planned.Transfer == Transfer.Cut ? cutAnswers : Is.InRange(200, 499), context);
                    Assert.That(dispatched, Has.Count.AtMost(1), context);
                    if (status == 200)
                    {
                        Assert.That(planned.AnyValidSignature, Is.True, "a 200 without a valid signature: " + context);
                    }

                    if (dispatched.Count == 1)
                    {
                        var evt = dispatched[0];
                        Assert.That(status, Is.EqualTo(200), context);
                        Assert.That(planned.AnyValidSignature && planned.Transfer != Transfer.Cut, Is.True, "dispatched without a valid signature: " + context);
                        Assert.That(evt.RawBody, Is.EqualTo(Encoding.UTF8.GetString(planned.Body)), context);
                        Assert.That(evt.EventName, Is.EqualTo(planned.EventValue!.Trim().ToLowerInvariant()), context);
                        Assert.That(dispatchedKeys.Add(key), Is.True, "the same delivery dispatched twice: " + context);
                        if (planned.Kind is Kind.WellFormed or Kind.OddFiniteNumber && SelfNaming.Contains(planned.BodyEvent))
                        {
                            Assert.That(evt.EventName, Is.EqualTo(planned.BodyEvent), "a body that names its event dispatched under another name: " + context);
                        }
                    }

                    if (planned.Transfer == Transfer.Cut)
                    {
                        Assert.That(dispatched, Is.Empty, "a body cut in transport: " + context);
                    }
                    else if (planned.SignatureValues.Length <= 1 && !planned.AnyValidSignature && planned.HeadersAscii)
                    {
                        Assert.That(status, Is.EqualTo(401), "a wrong or missing signature: " + context);
                    }
                    else if (planned.SignatureValues.Length == 1 && planned.EventHeaderIsTheBodysOwn)
                    {
                        switch (planned.Expect)
                        {
                            case Expect.Dispatch:
                                Assert.That(status, Is.EqualTo(200), "a valid delivery refused: " + context);
                                Assert.That(dispatchedKeys, Does.Contain(key), "a valid delivery never dispatched: " + context);
                                break;
                            case Expect.Refuse:
                                Assert.That(status, Is.EqualTo(400), "an invalid signed body accepted: " + context);
                                break;
                        }
                    }
                }
            },
            seed: Seed,
            iter: Cases,
            threads: 1);

        TestContext.Progress.WriteLine($"WebhookReceiverFuzzTests: {counts}");
        Assert.That(counts.Requests, Is.GreaterThan(2_000));
        Assert.That(counts.Dispatches, Is.GreaterThan(500), "the suite exercised the dispatch path");
        Assert.That(counts.Replays, Is.GreaterThan(200));
        Assert.That(host.Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error).Select(r => r.Message), Is.Empty);
    }

    [TestCase("something.new")]
    [TestCase("payment.succeeded")]
    [TestCase("order.completed")]
    public async Task Post_OrderBodyReplayedUnderAnUnknownEventName_Answers400WithoutSecondDispatch(string otherName)
    {
        await using var host = await WebhookReceiverHost.StartAsync(o => o.Secrets.Add(Secret));
        var body = Utf8(DocumentedFixture.Load("webhooks/order.succeeded.json").BodyText);
        var signer = new WebhookSigner(Secret);

        using var first = await host.PostAsync(signer.CreateDelivery(WebhookEventNames.OrderSucceeded, body));
        using var replayed = await host.PostAsync(signer.CreateDelivery(otherName, body));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await replayed.Content.ReadAsStringAsync(), Is.EqualTo(nameof(WebhookVerificationFailure.EventNameMismatch)));
        Assert.That(host.Dispatched.Select(e => e.EventName), Is.EqualTo(new[] { WebhookEventNames.OrderSucceeded }));
    }

    private static Planned Plan(Step step, JsonObject[] fixtures)
    {
        var eventName = Events[step.Event];
        var body = (JsonObject)fixtures[step.Event].DeepClone();
        body["fuzzTrace"] = "t" + step.Trace.ToString(CultureInfo.InvariantCulture);
        var compact = body.ToJsonString();
        var rest = compact[1..];
        var (bytes, expect) = step.Kind switch
        {
            Kind.WellFormed => (Utf8(compact), Expect.Dispatch),
            Kind.OddFiniteNumber => (Utf8($"{{\"amount\":{OddFiniteNumbers[step.Pick % OddFiniteNumbers.Length]},{rest}"), Expect.Dispatch),
            Kind.DuplicateKey => (Utf8($"{{\"fuzzTrace\":\"dup\",{rest}"), Expect.Refuse),
            Kind.NonFinite => (Utf8($"{{\"amount\":{NonFiniteNumbers[step.Pick % NonFiniteNumbers.Length]},{rest}"), Expect.Refuse),
            Kind.TruncatedJson => (Utf8(compact)[..(step.Pick % compact.Length)], Expect.Refuse),
            Kind.NotUtf8 => ([.. Utf8("{\"note\":\""), .. NotUtf8[step.Pick % NotUtf8.Length], .. Utf8("\"," + rest)], Expect.Refuse),
            Kind.NotObject => (Utf8(NotObjects[step.Pick % NotObjects.Length]), Expect.Refuse),
            _ => (Utf8(step.Random?.ToJsonString() ?? "null"), Expect.Either),
        };

        var eventValue = step.EventHeader switch
        {
            0 => eventName,
            1 => eventName.ToUpperInvariant(),
            2 => string.Join('.', eventName.Split('.').Select(part => char.ToUpperInvariant(part[0]) + part[1..])),
            3 => "  " + eventName + " ",
            4 => null,
            5 => "",
            6 => Events[(step.Event + 1 + step.Pick % (Events.Length - 1)) % Events.Length],
            7 => step.Pick % 2 == 0 ? "payment.succeeded" : "something.new",
            _ => "ord\u00e9r.succeeded",
        };

        var signature = Sign(Secret, bytes);
        string[] signatures = step.Signature switch
        {
            0 => [signature],
            1 => [signature.ToUpperInvariant()],
            2 => ["  " + signature + " "],
            3 => [Sign(RotatedSecret, bytes)],
            4 => [signature, Sign(OtherSecret, bytes)],
            5 => [Sign(OtherSecret, bytes), signature],
            6 => [],
            7 => [""],
            8 => [Sign(OtherSecret, bytes)],
            9 => [FlipOneDigit(signature, step.Pick)],
            10 => ["sha256=" + signature],
            11 => [signature[..63]],
            12 => [new string('g', 64)],
            _ => [Sign(Secret, Utf8(compact + " "))],
        };

        // Half of an empty body is the whole body: nothing can be cut from it.
        var transfer = step.Transfer == Transfer.Cut && bytes.Length == 0 ? Transfer.ContentLength : step.Transfer;
        return new Planned(step.Kind, eventName, eventValue, signatures, bytes, expect, step.HeaderNames, step.Test, transfer,
            AnyValidSignature: signatures.Any(s => IsValid(s, bytes)),
            EventHeaderIsTheBodysOwn: step.EventHeader <= 3,
            HeadersAscii: eventValue is null || Ascii.IsValid(eventValue));
    }

    private static bool IsValid(string signature, byte[] body)
    {
        var trimmed = signature.Trim().ToLowerInvariant();
        return trimmed == Sign(Secret, body) || trimmed == Sign(RotatedSecret, body);
    }

    private static string Sign(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static string FlipOneDigit(string signature, int at)
    {
        var chars = signature.ToCharArray();
        var i = at % chars.Length;
        chars[i] = chars[i] == '0' ? '1' : '0';
        return new string(chars);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Writes the request exactly as planned (repeated header lines, a cut body) and reads the whole answer.</summary>
    private static async Task<(int Status, string Body)> SendAsync(int port, Planned planned)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var names = HeaderNames[planned.HeaderNames];
        var head = new StringBuilder($"POST {WebhookReceiverHost.Path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n");
        head.Append(planned.Transfer == Transfer.Chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {planned.Body.Length}\r\n");
        if (planned.EventValue is not null)
        {
            head.Append(names[0]).Append(": ").Append(planned.EventValue).Append("\r\n");
        }

        foreach (var signature in planned.SignatureValues)
        {
            head.Append(names[1]).Append(": ").Append(signature).Append("\r\n");
        }

        if (planned.Test)
        {
            head.Append(names[2]).Append(": test\r\n");
        }

        head.Append("\r\n");
        byte[] payload = planned.Transfer switch
        {
            Transfer.Chunked when planned.Body.Length == 0 => Utf8("0\r\n\r\n"),
            Transfer.Chunked => [.. Utf8(planned.Body.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), .. planned.Body, .. Utf8("\r\n0\r\n\r\n")],
            Transfer.Cut => planned.Body[..(planned.Body.Length / 2)],
            _ => planned.Body,
        };
        await socket.SendAsync(Encoding.UTF8.GetBytes(head.ToString()));
        await socket.SendAsync(payload);
        if (planned.Transfer == Transfer.Cut)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        using var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Kestrel may drop a connection whose sender closed mid-body instead of answering it.
        }

        var text = Encoding.UTF8.GetString(answer.ToArray());
        if (text.Length == 0)
        {
            return (NoAnswer, "");
        }

        var status = int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, bodyStart < 0 ? "" : text[(bodyStart + 4)..]);
    }

    private sealed record Step(
        Kind Kind, int Event, int Trace, int Signature, int EventHeader, int HeaderNames, bool Test, Transfer Transfer, int Pick, JsonNode? Random);

    private sealed record Planned(
        Kind Kind,
        string BodyEvent,
        string? EventValue,
        string[] SignatureValues,
        byte[] Body,
        Expect Expect,
        int HeaderNames,
        bool Test,
        Transfer Transfer,
        bool AnyValidSignature,
        bool EventHeaderIsTheBodysOwn,
        bool HeadersAscii)
    {
        /// <summary>One delivery: the event (as the receiver canonicalises it) and the exact body bytes.</summary>
        public string Key => (EventValue?.Trim().ToLowerInvariant() ?? "") + "\n" + Convert.ToBase64String(Body);

        /// <summary>No signature header, or a blank first one: what the receiver refuses before reading the body.</summary>
        public bool SignatureMissing => SignatureValues.Length == 0 || string.IsNullOrWhiteSpace(SignatureValues[0]);

        public override string ToString() =>
            $"{Kind} body of {BodyEvent} under event header '{EventValue}', signatures [{string.Join(", ", SignatureValues)}], "
            + $"valid={AnyValidSignature}, names #{HeaderNames}, test={Test}, {Transfer}, body {Convert.ToBase64String(Body)}";
    }

    private sealed class Counts
    {
        public int Requests { get; private set; }

        public int Dispatches { get; private set; }

        public int Replays { get; set; }

        private readonly SortedDictionary<int, int> _statuses = [];

        public void Count(int status, int dispatches)
        {
            Requests++;
            Dispatches += dispatches;
            _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        }

        public override string ToString() =>
            $"{Requests} deliveries, {Dispatches} dispatched, {Replays} replays; statuses "
            + string.Join(", ", _statuses.Select(s => $"{s.Key}: {s.Value}"));
    }

    /// <summary>The receiver's real in-memory store, emptied before each case so that every case stands on its own.</summary>
    private sealed class ResettableDeduplicationStore : IWebhookDeduplicationStore
    {
        private InMemoryWebhookDeduplicationStore _current = new();

        public void Reset() => _current = new InMemoryWebhookDeduplicationStore();

        public TimeSpan ClaimTimeout => _current.ClaimTimeout;

        public ValueTask<WebhookDeliveryClaim> TryClaimAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
            _current.TryClaimAsync(idempotencyKey, cancellationToken);

        public ValueTask<bool> RenewAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
            _current.RenewAsync(claim, cancellationToken);

        public ValueTask<bool> MarkProcessedAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
            _current.MarkProcessedAsync(claim, cancellationToken);

        public ValueTask<bool> ReleaseAsync(WebhookDeliveryClaim claim, CancellationToken cancellationToken = default) =>
            _current.ReleaseAsync(claim, cancellationToken);
    }
}
