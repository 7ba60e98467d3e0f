namespace UGiftMe.Cli;

/// <summary>The exit codes of every command (docs/cli.md lists them).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked (2xx, valid signature, order succeeded, clean Ctrl+C of a server).</summary>
    public const int Success = 0;

    /// <summary>It ran, and the answer is no: a non-2xx, a rejected signature, an API error, a failed order, no connection.</summary>
    public const int Failure = 1;

    /// <summary>The command line or the settings are wrong: unknown option, missing key, unreadable file.</summary>
    public const int Usage = 2;

    /// <summary>UGiftMe refused the API key (401) or the caller (403).</summary>
    public const int AuthenticationFailed = 3;

    /// <summary>Ctrl+C ended a command that had not finished (<c>orders watch</c>).</summary>
    public const int Cancelled = 130;
}
