using System.Diagnostics;

namespace UGiftMe.Sandbox;

/// <summary>The account the sandbox's keys belong to, as <c>GET /auth</c> reports it.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SandboxAccountOptions
{
    /// <summary>Account id, also the wallet's <c>userID</c> and webhooks' <c>businessId</c>.</summary>
    public string Id { get; set; } = "507f1f77bcf86cd799439011";

    /// <summary>Registered account name.</summary>
    public string Name { get; set; } = "Example Retail Ltd";

    /// <summary>Primary contact email.</summary>
    public string Email { get; set; } = "billing@example.com";

    /// <summary>Verification status.</summary>
    public string VerificationStatus { get; set; } = "verified";

    /// <summary>Billing plan.</summary>
    public string Plan { get; set; } = "account";

    /// <summary>When <see langword="false"/>, <c>GET /auth</c> answers 403 (incomplete business profile).</summary>
    public bool ProfileComplete { get; set; } = true;

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(Id).Add(Name).Add(Email).Add(VerificationStatus).Add(Plan).Add(ProfileComplete).ToString();
}
