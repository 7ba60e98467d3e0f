using UGiftMe.Sandbox;

namespace UGiftMe.Testing;

/// <summary>
/// The sandbox's one wallet. Its opening balance is <c>SandboxOptions.Wallet.InitialBalance</c> (2000 GBP unless set);
/// orders debit it, and a queued order holds its amount until it ends.
/// </summary>
public sealed class SandboxWallet
{
    private readonly SandboxServer _server;

    internal SandboxWallet(SandboxServer server) => _server = server;

    /// <summary>The balance (debits taken).</summary>
    public decimal Balance => _server.State.Wallet.Balance;

    /// <summary>The balance after holds for queued orders: what the next order may spend.</summary>
    public decimal Available => _server.State.Wallet.Available;

    /// <summary>The wallet's currency.</summary>
    public string Currency => _server.State.Wallet.Currency;

    /// <summary>Every transaction, oldest first (the opening <c>funding</c> first, then <c>purchase</c>s and top-ups).</summary>
    public IReadOnlyList<SandboxLedgerEntry> Ledger => _server.State.Ledger;

    /// <summary>Adds <paramref name="amount"/>: a <c>funding</c> transaction and a <c>wallet.updated</c> event, as a real top-up.</summary>
    /// <param name="amount">The amount, more than 0.</param>
    public void TopUp(decimal amount) => _server.FundWallet(amount);

    /// <summary>Describes the wallet.</summary>
    /// <returns>For example "1950 GBP (1950 available)".</returns>
    public override string ToString()
    {
        var wallet = _server.State.Wallet;
        return FormattableString.Invariant($"{wallet.Balance} {wallet.Currency} ({wallet.Available} available)");
    }
}
