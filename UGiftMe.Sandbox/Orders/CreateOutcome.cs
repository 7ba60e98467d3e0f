namespace UGiftMe.Sandbox.Orders;

/// <summary>
/// What a create answered: status, exact body bytes, the async mode in force, whether it was a replay, and whether a
/// scripted scenario drops the answer (the work is done, the connection is closed without it).
/// </summary>
internal sealed record CreateOutcome(int StatusCode, byte[] Body, bool AsyncMode, bool Replayed = false, bool DropAnswer = false);
