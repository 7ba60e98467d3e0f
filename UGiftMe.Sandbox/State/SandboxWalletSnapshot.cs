namespace UGiftMe.Sandbox;

/// <summary>The wallet's balances.</summary>
/// <param name="Currency">The wallet currency.</param>
/// <param name="Balance">The balance (debits taken).</param>
/// <param name="Held">Funds held for queued order requests.</param>
/// <param name="Available">Balance after holds: what a new order may spend.</param>
public sealed record SandboxWalletSnapshot(string Currency, decimal Balance, decimal Held, decimal Available);
