namespace UGiftMe;

/// <summary>
/// The documented statuses of an asynchronous order request. The server may add others; the SDK treats any status
/// it does not know as still running.
/// </summary>
public static class OrderRequestStatuses
{
    /// <summary>Accepted and waiting for a worker.</summary>
    public const string Queued = "queued";

    /// <summary>A worker is creating the order(s).</summary>
    public const string Processing = "processing";

    /// <summary>Done; the result is available.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Ended without creating the order(s); the failure text says why.</summary>
    public const string Failed = "failed";

    /// <summary>True for <see cref="Succeeded"/> and <see cref="Failed"/> (case-insensitive); false for anything else.</summary>
    public static bool IsTerminal(string? status) =>
        string.Equals(status, Succeeded, StringComparison.OrdinalIgnoreCase) || string.Equals(status, Failed, StringComparison.OrdinalIgnoreCase);
}
