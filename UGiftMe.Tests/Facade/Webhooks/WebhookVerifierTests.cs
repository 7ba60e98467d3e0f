using System.Security.Cryptography;
using System.Text;
using UGiftMe.Models;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.Facade.Webhooks;

public sealed class WebhookVerifierTests
{
    private const string Secret = "a1b2c3d4e5f678901234567890abcdef1234567890abcdef1234567890abcd";
    private const string OtherSecret = "0f0e0d0c0b0a09080706050403020100ffeeddccbbaa99887766554433221100";

    // Body and signature computed by Node.js, as UGiftMe does:
    // crypto.createHmac('sha256', secret).update(JSON.stringify(payload)).digest('hex')
    private const string NodeBody =
        "{\"orderRequestId\":\"65e4f5b6c7d8e90123456789\",\"status\":\"succeeded\",\"type\":\"single\","
        + "\"result\":{\"orderId\":\"65f5a6b7c8d9e01234567890\"},\"timestamp\":\"2025-04-11T08:00:12.000Z\"}";
    private const string NodeSignature = "ceaa7a20db477513534837c11f71d3b8508d8bcd9a9239faa5d1e00fc01209a4";

    private static byte[] Body => Encoding.UTF8.GetBytes(NodeBody);

    private static WebhookHeaders Headers(string? signature, string? eventName = WebhookEventNames.OrderSucceeded,
        string? delivery = null) => new(eventName, signature, delivery);

    [Test]
    public void Verify_SignatureComputedByNodeJs_ReturnsTypedEvent()
    {
        var verifier = new WebhookVerifier(Secret);

        var evt = verifier.Verify(Body, Headers(NodeSignature));

        Assert.That(evt, Is.InstanceOf<WebhookEvent<OrderSucceededEvent>>());
        var succeeded = (WebhookEvent<OrderSucceededEvent>)evt;
        Assert.That(succeeded.Payload.OrderRequestId, Is.EqualTo("65e4f5b6c7d8e90123456789"));
        Assert.That(succeeded.Payload.Result?.OrderId, Is.EqualTo("65f5a6b7c8d9e01234567890"));
        Assert.That(succeeded.RawBody, Is.EqualTo(NodeBody));
    }

    [Test]
    public void VerifySignature_NonAsciiSecretAndBodyFromNodeJs_KeysWithUtf8Bytes()
    {
        // node: createHmac('sha256', 's\u00e9cret').update(JSON.stringify({note: 'caf\u00e9 \u2603'})).digest('hex')
        var verifier = new WebhookVerifier("s\u00e9cret");

        var result = verifier.VerifySignature(
            Encoding.UTF8.GetBytes("{\"note\":\"caf\u00e9 \u2603\"}"),
            "345623802e47abe2b2e6e129a7dc6bb0d3c7d97011f5bb837fa40852a76f69c4");

        Assert.That(result, Is.EqualTo(WebhookVerificationFailure.None));
    }

    [Test]
    public void Verify_UpperCaseHexSignature_IsAcceptedAfterDecoding()
    {
        var verifier = new WebhookVerifier(Secret);

        var evt = verifier.Verify(Body, Headers(NodeSignature.ToUpperInvariant()));

        Assert.That(evt.EventName, Is.EqualTo(WebhookEventNames.OrderSucceeded));
    }

    [Test]
    public void Verify_StringBody_VerifiesItsUtf8Bytes()
    {
        var evt = new WebhookVerifier(Secret).Verify(NodeBody, Headers(NodeSignature));

        Assert.That(evt, Is.InstanceOf<WebhookEvent<OrderSucceededEvent>>());
    }

    [Test]
    public void Verify_TamperedBody_ThrowsSignatureMismatch()
    {
        var tampered = Body;
        tampered[Array.IndexOf(tampered, (byte)'6')] = (byte)'7';

        var ex = Assert.Throws<WebhookVerificationException>(
            () => new WebhookVerifier(Secret).Verify(tampered, Headers(NodeSignature)));

        Assert.That(ex!.Reason, Is.EqualTo(WebhookVerificationFailure.SignatureMismatch));
        Assert.That(ex!.Message, Does.Contain("raw request body").And.Contain("secret"));
    }

    [Test]
    public void Verify_ReserializedBody_ThrowsSignatureMismatch()
    {
        var reserialized = Newtonsoft.Json.Linq.JObject.Parse(NodeBody).ToString(Newtonsoft.Json.Formatting.Indented);

        var ex = Assert.Throws<WebhookVerificationException>(
            () => new WebhookVerifier(Secret).Verify(reserialized, Headers(NodeSignature)));

        Assert.That(ex!.Reason, Is.EqualTo(WebhookVerificationFailure.SignatureMismatch));
    }

    [Test]
    public void Verify_WrongSecret_ThrowsSignatureMismatchWithoutRevealingSecrets()
    {
        var ex = Assert.Throws<WebhookVerificationException>(
            () => new WebhookVerifier(OtherSecret).Verify(Body, Headers(NodeSignature)));

        Assert.That(ex!.Reason, Is.EqualTo(WebhookVerificationFailure.SignatureMismatch));
        Assert.That(ex!.ToString(), Does.Not.Contain(OtherSecret).And.Not.Contain(Secret));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Verify_MissingOrEmptySignature_ThrowsMissingSignature(string? signature)
    {
        var ex = Assert.Throws<WebhookVerificationException>(
            () => new WebhookVerifier(Secret).Verify(Body, Headers(signature)));

        Assert.That(ex!.Reason, Is.EqualTo(WebhookVerificationFailure.MissingSignature));
    }

    [TestCase("zz" + "aa7a20db477513534837c11f71d3b8508d8bcd9a9239faa5d1e00fc01209a4", TestName = "NonHex")]
    [TestCase("ceaa7a20db477513534837c11f71d3b8508d8bcd9a9239faa5d1e00fc01209", TestName = "Truncated")]
    [TestCase("ceaa7a20db477513534837c11f71d3b8508d8bcd9a9239faa5d1e00fc01209a400", TestName = "TooLong")]
    [TestCase("sha256=ceaa7a20db477513534837c11f71d3b8508d8bcd9a9239faa5d1e00fc01209a4", TestName = "Prefixed")]
    [TestCase("zqaa7a20db477513534837c11f71d3b8508d8bcd9a9239faa5d1e00fc01209a", TestName = "OddLengthNonHex")]
    public void Verify_MalformedSignature_ThrowsMalformedSignature(string signature)
    {
        var ex = Assert.Throws<WebhookVerificationException>(
            () => new WebhookVerifier(Secret).Verify(Body, Headers(signature)));

        Assert.That(ex!.Reason, Is.EqualTo(WebhookVerificationFailure.MalformedSignature));
    }

    [Test]
    public void Verify_SecondSecretDuringRotation_IsAccepted()
    {
        var verifier = new WebhookVerifier(OtherSecret, Secret);

        var evt = verifier.Verify(Body, Headers(NodeSignature));

        Assert.That(evt, Is.InstanceOf<WebhookEvent<OrderSucceededEvent>>());
    }

    [Test]
    public void Verify_RotationWithNeitherSecretMatching_ThrowsSignatureMismatch()
    {
        var verifier = new WebhookVerifier(OtherSecret, "yet-another-secret");

        var ok = verifier.TryVerify(Body, Headers(NodeSignature), out var evt, out var failure);

        Assert.That(ok, Is.False);
        Assert.That(evt, Is.Null);
        Assert.That(failure, Is.EqualTo(WebhookVerificationFailure.SignatureMismatch));
    }

    [TestCase(null)]
    [TestCase("")]
    public void Verify_ValidSignatureWithoutEventName_ThrowsMissingEventName(string? eventName)
    {
        var ex = Assert.Throws<WebhookVerificationException>(
            () => new WebhookVerifier(Secret).Verify(Body, Headers(NodeSignature, eventName)));

        Assert.That(ex!.Reason, Is.EqualTo(WebhookVerificationFailure.MissingEventName));
    }

    [TestCase("{\"orderRequestId\":", TestName = "TruncatedJson")]
    [TestCase("not json", TestName = "NotJson")]
    [TestCase("", TestName = "EmptyBody")]
    [TestCase("[1,2]", TestName = "ArrayInsteadOfObject")]
    [TestCase("{\"orderRequestId\":\"r1\",\"status\":\"succeeded\"} trailing", TestName = "TrailingContent")]
    [TestCase("{\"status\":\"succeeded\"}", TestName = "NoOrderRequestId")]
    [TestCase("{\"orderRequestId\":\"r1\",\"timestamp\":\"yesterday\"}", TestName = "BadTimestamp")]
    public void Verify_ValidSignatureOverInvalidPayload_ThrowsInvalidPayload(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        var ex = Assert.Throws<WebhookVerificationException>(
            () => new WebhookVerifier(Secret).Verify(bytes, Headers(Sign(bytes))));

        Assert.That(ex!.Reason, Is.EqualTo(WebhookVerificationFailure.InvalidPayload));
    }

    [Test]
    public void Verify_InvalidUtf8Body_ThrowsInvalidPayload()
    {
        byte[] bytes = [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'];

        var failed = !new WebhookVerifier(Secret).TryVerify(bytes, Headers(Sign(bytes)), out _, out var failure);

        Assert.That(failed, Is.True);
        Assert.That(failure, Is.EqualTo(WebhookVerificationFailure.InvalidPayload));
    }

    [Test]
    public void Verify_GenuineFailedBodyReplayedAsSucceeded_ThrowsEventNameMismatch()
    {
        var bytes = Encoding.UTF8.GetBytes(
            "{\"orderRequestId\":\"r1\",\"status\":\"failed\",\"error\":\"x\",\"timestamp\":\"2025-04-11T08:01:00.000Z\"}");

        var ex = Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(Secret)
            .Verify(bytes, Headers(Sign(bytes), WebhookEventNames.OrderSucceeded)));

        Assert.That(ex!.Reason, Is.EqualTo(WebhookVerificationFailure.EventNameMismatch));
    }

    [Test]
    public void TryVerify_ValidDelivery_ReturnsEventAndNone()
    {
        var ok = new WebhookVerifier(Secret).TryVerify(Body, Headers(NodeSignature), out var evt, out var failure);

        Assert.That(ok, Is.True);
        Assert.That(failure, Is.EqualTo(WebhookVerificationFailure.None));
        Assert.That(evt, Is.InstanceOf<WebhookEvent<OrderSucceededEvent>>());
    }

    [TestCase("delivery-test", "test", true)]
    [TestCase("delivery-test-uppercase", "TEST", true)]
    [TestCase("delivery-other", "retry", false)]
    [TestCase("delivery-absent", null, false)]
    public void Verify_DeliveryHeader_SetsIsTest(string _, string? delivery, bool expected)
    {
        var evt = new WebhookVerifier(Secret).Verify(Body, Headers(NodeSignature, delivery: delivery));

        Assert.That(evt.IsTest, Is.EqualTo(expected));
    }

    [Test]
    public void Constructor_NoSecrets_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new WebhookVerifier(Array.Empty<string>()));
    }

    [TestCase("")]
    [TestCase("  ")]
    [TestCase(" leading-space")]
    [TestCase("trailing-newline\n")]
    public void Constructor_BlankOrPaddedSecret_ThrowsWithoutEchoingIt(string secret)
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new WebhookVerifier(Secret, secret));

        Assert.That(ex!.Message, Does.Not.Contain(Secret));
        if (secret.Trim().Length > 0)
        {
            Assert.That(ex!.Message, Does.Not.Contain(secret.Trim()));
        }
    }

    [Test]
    public void ToString_NeverShowsSecrets()
    {
        var verifier = new WebhookVerifier(Secret, OtherSecret);

        Assert.That(verifier.ToString(), Is.EqualTo("WebhookVerifier (2 secrets)"));
        Assert.That(verifier.SecretCount, Is.EqualTo(2));
    }

    [Test]
    public void VerifySignature_LargeBody_DoesNotAllocate()
    {
        if (SdkBuild.IsNetStandard)
        {
            Assert.Ignore("netstandard2.0 has no span-based HMAC: that build copies the body once to hash it.");
        }

        var verifier = new WebhookVerifier(Secret);
        var body = new byte[1024 * 1024];
        var signature = Sign(body);
        verifier.VerifySignature(body, signature);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = verifier.VerifySignature(body, signature);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(result, Is.EqualTo(WebhookVerificationFailure.None));
        Assert.That(allocated, Is.Zero);
    }

    private static string Sign(byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
}
