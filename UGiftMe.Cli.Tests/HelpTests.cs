using UGiftMe.Cli.Tests.TestSupport;

namespace UGiftMe.Cli.Tests;

public sealed class HelpTests
{
    private static readonly string[][] Commands =
    [
        [], ["sandbox"], ["trigger"], ["listen"], ["verify"], ["auth"], ["wallet"], ["products"], ["orders"],
        ["orders", "get"], ["orders", "watch"], ["campaign"], ["campaign", "run"],
    ];

    [Test]
    [CancelAfter(120_000)]
    public async Task Help_OnEveryCommand_PrintsUsageAndExitsZero(CancellationToken cancellationToken)
    {
        foreach (var command in Commands)
        {
            var result = await ToolProcess.RunAsync([.. command, "--help"], null, cancellationToken);

            Assert.That(result.ExitCode, Is.Zero, result.Transcript);
            Assert.That(result.OutputText, Does.Contain("Usage:").And.Contain(string.Join(' ', ["ugiftme", .. command])), result.Transcript);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task UnknownOption_IsAUsageError_WithExitCodeTwo(CancellationToken cancellationToken)
    {
        var result = await ToolProcess.RunAsync(["trigger", "order.queued", "--forward-to", "not a url", "--secret", "s"], null, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Transcript);
        Assert.That(result.ErrorText, Does.Contain("--forward-to must be an absolute http(s) URL"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task UnknownCommand_IsAUsageError_NamingTheWordAlone(CancellationToken cancellationToken)
    {
        var result = await ToolProcess.RunAsync(["bogus"], null, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Transcript);
        Assert.That(result.ErrorText, Does.StartWith("Unrecognized command or argument 'bogus'.").And.Contain("ugiftme --help"));
        Assert.That(result.ErrorText, Does.Not.Contain("Required command was not provided"));
    }
}
