using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace UGiftMe;

/// <summary>
/// Settings of a <see cref="UGiftMeClient"/>. Only <see cref="ApiKey"/> is required. Bindable from configuration
/// (section keys match the property names); <see cref="ToString"/>, the debugger and JSON serializers
/// (System.Text.Json and Newtonsoft.Json) never show the key.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class UGiftMeClientOptions
{
    // Polly's retry strategy refuses delays above one day; a timer refuses due times above uint.MaxValue - 1 ms.
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromDays(1);
    internal static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>The base address of UGiftMe's hosted sandbox (staging) API, <see cref="UGiftMeEnvironment.Sandbox"/>.</summary>
    public static readonly Uri SandboxBaseAddress = new("https://api-stage.ugift.me/");

    /// <summary>The production base address.</summary>
    public static readonly Uri ProductionBaseAddress = new("https://api.ugift.me/");

    /// <summary>The API key issued from the UGiftMe dashboard, sent as <c>X-API-Key</c>. Required.</summary>
    [Required]
    [System.Text.Json.Serialization.JsonIgnore]
    [Newtonsoft.Json.JsonIgnore]
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? ApiKey { get; set; }

    /// <summary>Sandbox (default) or production. Ignored when <see cref="BaseAddress"/> is set.</summary>
    public UGiftMeEnvironment Environment { get; set; } = UGiftMeEnvironment.Sandbox;

    /// <summary>
    /// A custom base address (the local sandbox, a proxy); overrides <see cref="Environment"/>. Given with or without
    /// the API's path prefix: <c>http://127.0.0.1:5080</c> and <c>http://127.0.0.1:5080/api/v1/business</c> mean the same.
    /// </summary>
    /// <remarks>
    /// The API key is sent only over <c>https://</c>, or over <c>http://</c> to a loopback address (127.0.0.0/8,
    /// ::1, <c>localhost</c>, e.g. the local sandbox); any other <c>http://</c> address is refused when the client is
    /// created (see <see cref="AllowInsecureTransport"/>).
    /// </remarks>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// Allows a plain <c>http://</c> <see cref="BaseAddress"/> that is not a loopback address, so the API key travels
    /// in clear text. Only for a network you trust end to end (for example a TLS-terminating sidecar on the same
    /// host's private network); the client logs a warning when it is created with such an address. Default false.
    /// </summary>
    public bool AllowInsecureTransport { get; set; }

    /// <summary>The longest one HTTP attempt may take before it counts as timed out and is retried. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest one call may take across all its attempts and backoffs, and its wait for its turn while a campaign
    /// paces the client. Default 100 s.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The largest response body the client reads, in bytes (after decompression). A larger body ends the call with
    /// <see cref="UnreadableResponseException"/> as soon as the limit is passed, before it is all in memory.
    /// Default 8 MiB; at most 1 GiB.
    /// </summary>
    public long MaxResponseSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// The most pages one enumeration of a whole listing reads (<c>ListAllAsync</c>, <c>SearchAllAsync</c>,
    /// <c>ListAllTransactionsAsync</c>): a listing that still reports more pages after this many ends with
    /// <see cref="UGiftMeException"/> naming this setting, never as if it were complete. Default 10,000.
    /// </summary>
    public int MaxPagesPerEnumeration { get; set; } = Paging.DefaultMaxPages;

    /// <summary>Retry settings.</summary>
    public UGiftMeRetryOptions Retry { get; set; } = new();

    /// <summary>How queued (asynchronous) orders are followed; per call, <see cref="OrderCreateOptions.Polling"/> overrides it.</summary>
    public OrderPollingOptions OrderPolling { get; set; } = new();

    /// <summary>The clock for timeouts, backoff and polling. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Where the client logs (one Debug line per attempt, Warning for retries and 429s). Default: none.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The base address requests go to.</summary>
    public Uri ResolvedBaseAddress => BaseAddress is { IsAbsoluteUri: true } address
        ? WithoutApiPrefix(address)
        : BaseAddress ?? (Environment == UGiftMeEnvironment.Production ? ProductionBaseAddress : SandboxBaseAddress);

    // The operations' paths start with /api/v1/business, so a base address that already ends with it loses it; any other
    // path (a proxy's prefix) is kept, with the trailing slash relative paths need.
    private static Uri WithoutApiPrefix(Uri address)
    {
        const string ApiPrefix = "/api/v1/business";
        var path = address.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(ApiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^ApiPrefix.Length];
        }

        return new UriBuilder(address) { Path = path + "/" }.Uri;
    }

    /// <summary>Checks every setting and returns the problems found, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add("UGiftMeClientOptions.ApiKey is required: set it to the API key from the UGiftMe dashboard.");
        }
        else if (ApiKey.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            var position = Array.FindIndex(ApiKey.ToCharArray(), c => c is <= ' ' or > '~');
            problems.Add($"UGiftMeClientOptions.ApiKey has a character that cannot be sent in an HTTP header (at position {position}); check for pasted spaces or line breaks.");
        }

        if (Environment is not (UGiftMeEnvironment.Sandbox or UGiftMeEnvironment.Production))
        {
            problems.Add($"UGiftMeClientOptions.Environment must be Sandbox or Production, not {(int)Environment}.");
        }

        if (BaseAddress is { } address && (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp)))
        {
            problems.Add($"UGiftMeClientOptions.BaseAddress must be an absolute http(s) URI, not '{address}'.");
        }
        else if (BaseAddress is { IsAbsoluteUri: true } withExtras && (withExtras.Query.Length > 0 || withExtras.Fragment.Length > 0 || withExtras.UserInfo.Length > 0))
        {
            problems.Add($"UGiftMeClientOptions.BaseAddress must not have a query, a fragment or user information (every request path is appended to it), not '{withExtras.GetLeftPart(UriPartial.Path)}...'.");
        }
        else if (TransportSecurity.Problem(BaseAddress, AllowInsecureTransport) is { } clearText)
        {
            problems.Add(clearText);
        }

        RequireDuration(problems, nameof(AttemptTimeout), AttemptTimeout, LongestTimer);
        RequireDuration(problems, nameof(TotalTimeout), TotalTimeout, LongestTimer);
        if (MaxResponseSize is <= 0 or > 1024 * 1024 * 1024)
        {
            problems.Add($"UGiftMeClientOptions.MaxResponseSize must be between 1 byte and 1 GiB, not {MaxResponseSize}.");
        }

        if (MaxPagesPerEnumeration < 1)
        {
            problems.Add($"UGiftMeClientOptions.MaxPagesPerEnumeration must be at least 1, not {MaxPagesPerEnumeration}.");
        }

        if (Retry is null)
        {
            problems.Add("UGiftMeClientOptions.Retry must not be null.");
            return problems;
        }

        if (Retry.MaxRetries is < 0 or > 20)
        {
            problems.Add($"UGiftMeClientOptions.Retry.MaxRetries must be between 0 and 20, not {Retry.MaxRetries}.");
        }

        if (OrderPolling is null)
        {
            problems.Add("UGiftMeClientOptions.OrderPolling must not be null.");
        }
        else
        {
            // Inside the client options the setting is OrderPolling:* (the property and configuration key), so its problems
            // name UGiftMeClientOptions.OrderPolling.X, the name a user can find, not the type's OrderPollingOptions.X.
            problems.AddRange(OrderPolling.Problems("UGiftMeClientOptions.OrderPolling."));
        }

        RequireDuration(problems, "Retry.BaseDelay", Retry.BaseDelay, LongestRetryDelay);
        RequireDuration(problems, "Retry.MaxDelay", Retry.MaxDelay, LongestRetryDelay);
        if (Retry.MaxRetryAfter < TimeSpan.Zero)
        {
            problems.Add("UGiftMeClientOptions.Retry.MaxRetryAfter must not be negative.");
        }
        else if (Retry.MaxRetryAfter > LongestRetryDelay)
        {
            problems.Add($"UGiftMeClientOptions.Retry.MaxRetryAfter must be at most {LongestRetryDelay}, not {Retry.MaxRetryAfter}.");
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem when the options are not valid.</summary>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid UGiftMe client options: " + string.Join(" ", problems), "options");
        }
    }

    /// <summary>A description for logs and debuggers, nested options included; the API key is shown only as set or not set.</summary>
    public override string ToString() => new OptionsDescription(this).Secret(ApiKey).Add(Environment).Add(ResolvedBaseAddress, nameof(BaseAddress))
        .Add(AllowInsecureTransport).Add(AttemptTimeout).Add(TotalTimeout).Add(MaxResponseSize).Add(MaxPagesPerEnumeration).Add(Retry).Add(OrderPolling).ToString();

    internal UGiftMeClientOptions Clone()
    {
        var copy = (UGiftMeClientOptions)MemberwiseClone();
        copy.Retry = Retry.Clone();
        copy.OrderPolling = OrderPolling.Clone();
        return copy;
    }

    // Infinite (-1 ms) means no limit.
    private static void RequireDuration(List<string> problems, string name, TimeSpan value, TimeSpan limit)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value > limit))
        {
            problems.Add(value <= TimeSpan.Zero
                ? $"UGiftMeClientOptions.{name} must be positive, not {value}."
                : $"UGiftMeClientOptions.{name} must be at most {limit}, not {value}.");
        }
    }
}
