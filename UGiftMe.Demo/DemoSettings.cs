namespace UGiftMe.Demo;

/// <summary>
/// What the demo runs against, read from environment variables. No <c>UGIFTME_API_KEY</c>: a local in-process
/// sandbox. With it: UGiftMe itself (<c>UGIFTME_ENVIRONMENT</c>, optionally <c>UGIFTME_BASE_URL</c>). The key is never
/// shown, not even by <see cref="ToString"/>.
/// </summary>
internal sealed class DemoSettings
{
    /// <summary>The port the local webhook receiver listens on when <c>UGIFTME_WEBHOOK_URL</c> forwards to it.</summary>
    public const int DefaultWebhookPort = 5055;

    public string? ApiKey { get; init; }

    public UGiftMeEnvironment Environment { get; init; } = UGiftMeEnvironment.Sandbox;

    public Uri? BaseUrl { get; init; }

    /// <summary>A public HTTPS URL (a tunnel) that forwards to the local receiver on <see cref="WebhookPort"/>.</summary>
    public Uri? WebhookUrl { get; init; }

    public int WebhookPort { get; init; } = DefaultWebhookPort;

    /// <summary>Production orders cost real money: only placed when <c>UGIFTME_DEMO_PLACE_ORDER=yes</c>.</summary>
    public bool ConfirmProductionOrder { get; init; }

    /// <summary>Settings that cannot work, each naming the variable; the demo prints them and exits with 2.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool UsesLocalSandbox => ApiKey is null;

    public bool PlacesOrder => UsesLocalSandbox || Environment == UGiftMeEnvironment.Sandbox || BaseUrl is not null || ConfirmProductionOrder;

    public static DemoSettings FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Read(string name) => variable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var problems = new List<string>();
        var environment = UGiftMeEnvironment.Sandbox;
        switch (Read("UGIFTME_ENVIRONMENT")?.ToUpperInvariant())
        {
            case null or "SANDBOX":
                break;
            case "PRODUCTION":
                environment = UGiftMeEnvironment.Production;
                break;
            default:
                problems.Add("UGIFTME_ENVIRONMENT must be 'sandbox' or 'production'.");
                break;
        }

        var baseUrl = ReadUri(Read("UGIFTME_BASE_URL"), "UGIFTME_BASE_URL", problems);
        var webhookUrl = ReadUri(Read("UGIFTME_WEBHOOK_URL"), "UGIFTME_WEBHOOK_URL", problems);
        var port = DefaultWebhookPort;
        if (Read("UGIFTME_WEBHOOK_PORT") is { } portText
            && !(int.TryParse(portText, System.Globalization.CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536))
        {
            problems.Add("UGIFTME_WEBHOOK_PORT must be a TCP port number (1-65535).");
        }

        var apiKey = Read("UGIFTME_API_KEY");
        if (apiKey is null && (baseUrl is not null || webhookUrl is not null))
        {
            problems.Add("UGIFTME_BASE_URL and UGIFTME_WEBHOOK_URL apply to a real account: set UGIFTME_API_KEY too, or unset them to use the local sandbox.");
        }

        return new DemoSettings
        {
            ApiKey = apiKey,
            Environment = environment,
            BaseUrl = baseUrl,
            WebhookUrl = webhookUrl,
            WebhookPort = port,
            ConfirmProductionOrder = string.Equals(Read("UGIFTME_DEMO_PLACE_ORDER"), "yes", StringComparison.OrdinalIgnoreCase),
            Problems = problems,
        };
    }

    public override string ToString() =>
        $"DemoSettings {{ ApiKey = {(ApiKey is null ? "<not set>" : "<set>")}, Environment = {Environment}, BaseUrl = {BaseUrl}, WebhookUrl = {WebhookUrl} }}";

    private static Uri? ReadUri(string? text, string name, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        problems.Add($"{name} must be an absolute http(s) URL.");
        return null;
    }
}
