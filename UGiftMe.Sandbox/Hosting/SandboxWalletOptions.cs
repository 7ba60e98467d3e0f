using System.Diagnostics;

namespace UGiftMe.Sandbox;

/// <summary>The account's single wallet.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SandboxWalletOptions
{
    /// <summary>Currency of the wallet; orders in another currency are refused (400). Default <c>GBP</c>.</summary>
    public string Currency { get; set; } = "GBP";

    /// <summary>Opening balance, recorded as a <c>funding</c> transaction. Default 2000.</summary>
    public decimal InitialBalance { get; set; } = 2000m;

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(Currency).Add(InitialBalance).ToString();
}
