using System.CommandLine;

namespace UGiftMe.Cli.Api;

/// <summary>
/// What every API command shares: <c>--environment</c>, <c>--base-url</c> and <c>--json</c>, the key from
/// <c>UGIFTME_API_KEY</c> (never from the command line, so it stays out of shell history and process lists), and one
/// place that turns SDK errors into a one-line message and an exit code.
/// </summary>
internal sealed class ApiConnection
{
    public const string ApiKeyVariable = "UGIFTME_API_KEY";
    public const string BaseUrlVariable = "UGIFTME_BASE_URL";
    public const string EnvironmentVariable = "UGIFTME_ENVIRONMENT";

    private ApiConnection(Command command, bool withJson)
    {
        Environment = new Option<UGiftMeEnvironment?>("--environment", "-e")
        {
            Description = $"sandbox (https://api-stage.ugift.me) or production (https://api.ugift.me). Default: {EnvironmentVariable}, else sandbox.",
        };
        BaseUrl = new Option<Uri?>("--base-url")
        {
            Description = $"Another API address, e.g. a local `ugiftme sandbox`; overrides --environment. Default: {BaseUrlVariable}.",
            CustomParser = result => ParseBaseUrl(result.Tokens[0].Value, result.AddError),
        };
        command.Options.Add(Environment);
        command.Options.Add(BaseUrl);
        if (withJson)
        {
            Json = new Option<bool>("--json") { Description = "Print JSON (the API's field names) instead of a table." };
            command.Options.Add(Json);
        }
    }

    public Option<UGiftMeEnvironment?> Environment { get; }

    public Option<Uri?> BaseUrl { get; }

    public Option<bool>? Json { get; }

    public static ApiConnection AddTo(Command command, bool withJson = true) => new(command, withJson);

    public bool WantsJson(ParseResult parseResult) => Json is not null && parseResult.GetValue(Json);

    /// <summary>Runs <paramref name="call"/> with a client; UGiftMe errors become one line on stderr and an exit code.</summary>
    public Task<int> RunAsync(
        ParseResult parseResult, Func<UGiftMeClient, CancellationToken, Task<int>> call, CancellationToken cancellationToken) =>
        RunAsync(parseResult, (client, _, ct) => call(client, ct), cancellationToken);

    /// <summary>Like the other overload, for commands that also need the resolved options (the key for a side channel).</summary>
    public async Task<int> RunAsync(
        ParseResult parseResult,
        Func<UGiftMeClient, UGiftMeClientOptions, CancellationToken, Task<int>> call,
        CancellationToken cancellationToken)
    {
        var options = CreateOptions(parseResult, out var problem);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var client = new UGiftMeClient(options);
        try
        {
            return await call(client, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
        catch (UGiftMeException exception)
        {
            var (message, exitCode) = Describe(exception, options.ResolvedBaseAddress);
            await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
            return exitCode;
        }
    }

    /// <summary>The client options from the command line and environment, or null and the reason.</summary>
    public UGiftMeClientOptions? CreateOptions(ParseResult parseResult, out string? problem)
    {
        problem = null;
        var key = System.Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            problem = $"{ApiKeyVariable} is not set. Export your API key (or the key `ugiftme sandbox` prints) first.";
            return null;
        }

        var environment = parseResult.GetValue(Environment);
        if (environment is null && System.Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } named)
        {
            if (!Enum.TryParse<UGiftMeEnvironment>(named, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                problem = $"{EnvironmentVariable} must be sandbox or production, not '{named}'.";
                return null;
            }

            environment = parsed;
        }

        var baseUrl = parseResult.GetValue(BaseUrl);
        if (baseUrl is null && System.Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } fromVariable)
        {
            string? invalid = null;
            baseUrl = ParseBaseUrl(fromVariable, error => invalid = $"{BaseUrlVariable}: {error}");
            if (baseUrl is null)
            {
                problem = invalid;
                return null;
            }
        }

        var options = new UGiftMeClientOptions
        {
            ApiKey = key,
            Environment = environment ?? UGiftMeEnvironment.Sandbox,
            BaseAddress = baseUrl,
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            // The options' messages name settings, never the key's value.
            problem = string.Join(" ", problems).Replace("UGiftMeClientOptions.ApiKey", ApiKeyVariable, StringComparison.Ordinal);
            return null;
        }

        return options;
    }

    private static Uri? ParseBaseUrl(string text, Action<string> addError)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            // A base address without a trailing slash would drop its last segment when paths are appended.
            return url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/");
        }

        addError($"'{text}' is not an absolute http(s) URL.");
        return null;
    }

    private static (string Message, int ExitCode) Describe(UGiftMeException exception, Uri baseAddress)
    {
        var server = string.Join(" - ", new[] { exception.Error, exception.Reason ?? exception.ServerMessage }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var status = exception.StatusCode is { } code ? $"HTTP {code}" : "no HTTP status";
        return exception switch
        {
            AuthenticationFailedException => (
                $"UGiftMe refused the API key ({status}: {server}). Check {ApiKeyVariable} and --environment/--base-url "
                + "(sandbox and production keys differ). The key is not shown.",
                ExitCodes.AuthenticationFailed),
            PermissionDeniedException => (
                $"UGiftMe refused the request ({status}: {server}): this machine's IP may not be on the key's allow list, "
                + "or the business profile is incomplete.",
                ExitCodes.AuthenticationFailed),
            ResourceNotFoundException => ($"Not found ({status}: {server}).", ExitCodes.Failure),
            UGiftMeTransportException => ($"No answer from {baseAddress}: {exception.Message}", ExitCodes.Failure),
            _ => ($"UGiftMe answered {status}: {(server.Length > 0 ? server : exception.Message)}", ExitCodes.Failure),
        };
    }
}
