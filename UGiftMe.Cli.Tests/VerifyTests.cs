using System.Security.Cryptography;
using System.Text;
using UGiftMe.Cli.Tests.TestSupport;

namespace UGiftMe.Cli.Tests;

/// <summary>`ugiftme verify` on a captured delivery whose signature the test computes itself.</summary>
public sealed class VerifyTests
{
    private const string Secret = "whsec-verify-test";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"orderRequestId":"65e4f5b6c7d8e90123456789","status":"succeeded","type":"single","result":{"orderId":"65f5a6b7c8d9e01234567890"},"timestamp":"2025-04-11T08:00:12.000Z"}""");

    private string _bodyFile = null!;

    [SetUp]
    public void WriteBody()
    {
        _bodyFile = Path.GetTempFileName();
        File.WriteAllBytes(_bodyFile, Body);
    }

    [TearDown]
    public void DeleteBody() => File.Delete(_bodyFile);

    [Test]
    [CancelAfter(60_000)]
    public async Task Verify_TheRawBodyAndItsSignature_IsValid(CancellationToken cancellationToken)
    {
        var signatureOnly = await VerifyAsync(Sign(Body), null, cancellationToken);
        var withEvent = await VerifyAsync(Sign(Body), "order.succeeded", cancellationToken);

        Assert.That(signatureOnly.ExitCode, Is.Zero, signatureOnly.Transcript);
        Assert.That(signatureOnly.OutputText, Does.StartWith("Valid: the signature matches the body."));
        Assert.That(withEvent.ExitCode, Is.Zero, withEvent.Transcript);
        Assert.That(withEvent.OutputText, Does.StartWith("Valid: the signature matches, and the body is a valid 'order.succeeded' payload (read as OrderSucceededEvent)."));
        Assert.That(signatureOnly.OutputText + withEvent.OutputText, Does.Not.Contain(Secret));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Verify_ATamperedBody_IsRejected_WithTheVerifiersReason(CancellationToken cancellationToken)
    {
        var signature = Sign(Body);
        var tampered = (byte[])Body.Clone();
        tampered[Array.IndexOf(tampered, (byte)'s')] = (byte)'S';
        await File.WriteAllBytesAsync(_bodyFile, tampered, cancellationToken);

        var result = await VerifyAsync(signature, "order.succeeded", cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Transcript);
        Assert.That(result.OutputText, Does.StartWith("Rejected: SignatureMismatch.").And.Contain("raw request body bytes"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Verify_AGenuineBodyUnderAnotherEventName_IsRejected(CancellationToken cancellationToken)
    {
        var result = await VerifyAsync(Sign(Body), "order.failed", cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Transcript);
        Assert.That(result.OutputText, Does.StartWith("Rejected: EventNameMismatch."));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Verify_APrefixedSignature_IsRejectedAsMalformed(CancellationToken cancellationToken)
    {
        var result = await VerifyAsync("sha256=" + Sign(Body), null, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Transcript);
        Assert.That(result.OutputText, Does.StartWith("Rejected: MalformedSignature."));
    }

    private static string Sign(byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));

    private Task<ToolResult> VerifyAsync(string signature, string? eventName, CancellationToken cancellationToken) =>
        ToolProcess.RunAsync(
            ["verify", "--secret", Secret, "--signature", signature, "--body", _bodyFile, .. eventName is null ? Array.Empty<string>() : ["--event", eventName]],
            null,
            cancellationToken);
}
