namespace UGiftMe.Cli.Tests.TestSupport;

/// <summary>How a finished <c>ugiftme</c> command ended.</summary>
internal sealed record ToolResult(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Error, string Transcript)
{
    public string OutputText => string.Join('\n', Output);

    public string ErrorText => string.Join('\n', Error);
}
