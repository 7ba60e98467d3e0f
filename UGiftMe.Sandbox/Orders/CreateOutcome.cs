namespace UGiftMe.Sandbox.Orders;

/// <summary>What a create answered: status, exact body bytes, the async mode in force and whether it was a replay.</summary>
internal sealed record CreateOutcome(int StatusCode, byte[] Body, bool AsyncMode, bool Replayed = false);
