namespace UGiftMe.Cli.Tests.TestSupport;

/// <summary>
/// <c>ugiftme sandbox --port 0</c> started as a user would, with the address and key read from the lines it prints.
/// </summary>
internal sealed class RunningSandbox : IDisposable
{
    private RunningSandbox(ToolProcess process, Uri baseUrl, string apiKey)
    {
        Process = process;
        BaseUrl = baseUrl;
        ApiKey = apiKey;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl, "api/v1/business/") };
        Http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
    }

    public ToolProcess Process { get; }

    public Uri BaseUrl { get; }

    public string ApiKey { get; }

    /// <summary>The app's side: an HTTP client on the sandbox's Business API with its key.</summary>
    public HttpClient Http { get; }

    /// <summary>What a user exports after reading the sandbox's output.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["UGIFTME_BASE_URL"] = BaseUrl.ToString(),
        ["UGIFTME_API_KEY"] = ApiKey,
    };

    public static async Task<RunningSandbox> StartAsync(CancellationToken cancellationToken, params string[] options)
    {
        var process = ToolProcess.Start(["sandbox", "--port", "0", .. options]);
        try
        {
            var url = await process.WaitForLineAsync(l => l.StartsWith("UGIFTME_BASE_URL=", StringComparison.Ordinal), cancellationToken);
            var key = await process.WaitForLineAsync(l => l.StartsWith("UGIFTME_API_KEY=", StringComparison.Ordinal), cancellationToken);
            return new RunningSandbox(process, new Uri(url["UGIFTME_BASE_URL=".Length..]), key["UGIFTME_API_KEY=".Length..]);
        }
        catch
        {
            TestContext.Out.WriteLine(process.Transcript);
            process.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        Process.Dispose();
    }
}
