using System.Diagnostics;

namespace UGiftMe.Sandbox;

/// <summary>
/// A fixed-window limit per API key (ASP.NET Core's rate limiter). A key's windows start at its first request and are
/// measured on <see cref="SandboxOptions.TimeProvider"/>, so a fake clock decides when the allowance comes back.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SandboxRateLimitOptions
{
    /// <summary>Whether requests are limited. Default <see langword="false"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Requests allowed per window and key. Default 100 (the Zapier API's documented limit).</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>Window length. Default 1 minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A description for logs and debuggers.</summary>
    public override string ToString() => new OptionsDescription(this).Add(Enabled).Add(PermitLimit).Add(Window).ToString();
}
