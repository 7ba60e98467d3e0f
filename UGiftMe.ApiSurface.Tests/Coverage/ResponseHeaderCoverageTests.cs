using System.Net;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>
/// Every response header the spec documents surfaces in the SDK's types (probed with an answer that carries it), or is
/// listed here as ignored on purpose: a newly documented header reaches users only as a raw entry of
/// <see cref="ResponseMetadata.Headers"/> until a typed member reads it. Fails with the headers left to do.
/// </summary>
public sealed class ResponseHeaderCoverageTests
{
    /// <summary>Documented headers that stay raw entries of <see cref="ResponseMetadata.Headers"/> on purpose, each with why.</summary>
    private static readonly Dictionary<string, string> IgnoredOnPurpose = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where each documented header surfaces: a probe that answers with it and reads the typed member.</summary>
    private static readonly Dictionary<string, Func<Task<bool>>> Surfaced = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RateLimit-Limit"] = async () => (await SucceedWith("RateLimit-Limit", "77")).Metadata.RateLimit?.Limit == 77,
        ["RateLimit-Remaining"] = async () => (await SucceedWith("RateLimit-Remaining", "7")).Metadata.RateLimit?.Remaining == 7,
        ["RateLimit-Reset"] = async () => (await SucceedWith("RateLimit-Reset", "30")).Metadata.RateLimit?.ResetsAt is not null,
        ["X-RateLimit-Limit"] = async () => (await SucceedWith("X-RateLimit-Limit", "78")).Metadata.RateLimit?.Limit == 78,
        ["X-RateLimit-Remaining"] = async () => (await SucceedWith("X-RateLimit-Remaining", "8")).Metadata.RateLimit?.Remaining == 8,
        ["X-RateLimit-Reset"] = async () => (await SucceedWith("X-RateLimit-Reset", "30")).Metadata.RateLimit?.ResetsAt is not null,
        ["X-Business-Orders-Async"] = async () => (await SucceedWith("X-Business-Orders-Async", "true")).Metadata.OrdersAsync == true,
        ["X-Account-Orders-Async"] = async () => (await SucceedWith("X-Account-Orders-Async", "false")).Metadata.OrdersAsync == false,
        ["Retry-After"] = async () => await FailWith(429, "Retry-After", "12") is RateLimitedException limited && limited.RetryAfter == TimeSpan.FromSeconds(12),
    };

    [Test]
    public void EveryDocumentedResponseHeader_IsSurfaced_OrIsListed()
    {
        var documented = DocumentedResponseHeaders();
        var leftToDo = documented
            .Where(header => !Surfaced.ContainsKey(header.Name) && !IgnoredOnPurpose.ContainsKey(header.Name))
            .Select(header => $"{header.Name} (documented on {header.Where}) is not read into any typed member")
            .ToList();

        Assert.That(documented, Is.Not.Empty);
        Assert.That(leftToDo, Is.Empty,
            "documented response headers the SDK does not surface: read them into ResponseMetadata (or the exception they explain), " +
            "add a probe to ResponseHeaderCoverageTests.Surfaced, or list them in IgnoredOnPurpose with why");
    }

    [TestCaseSource(nameof(SurfacedHeaders))]
    public async Task SurfacedHeader_InAnAnswer_ReachesItsTypedMember(string header)
    {
        Assert.That(await Surfaced[header](), Is.True, $"{header} in an answer did not reach the member its probe reads");
    }

    private static IEnumerable<string> SurfacedHeaders() => Surfaced.Keys.Order(StringComparer.Ordinal);

    private static IReadOnlyList<(string Name, string Where)> DocumentedResponseHeaders()
    {
        var spec = SpecDocument.Spec;
        var found = new List<(string Name, string Where)>();
        foreach (var (method, path, operationId) in SpecDocument.Operations())
        {
            foreach (var response in SpecDocument.Map(spec, "paths", path, method.ToLowerInvariant(), "responses").Children)
            {
                found.AddRange(HeadersOf(response.Value).Select(name => (name, $"{operationId} {response.Key}")));
            }
        }
        if (spec.Children.TryGetValue(new YamlScalarNode("components"), out var components)
            && ((YamlMappingNode)components).Children.TryGetValue(new YamlScalarNode("responses"), out var shared))
        {
            foreach (var response in ((YamlMappingNode)shared).Children)
            {
                found.AddRange(HeadersOf(response.Value).Select(name => (name, $"components/responses/{response.Key}")));
            }
        }
        return [.. found.GroupBy(header => header.Name, StringComparer.OrdinalIgnoreCase).Select(group => (group.Key, string.Join(", ", group.Select(h => h.Where))))];
    }

    private static IEnumerable<string> HeadersOf(YamlNode response) =>
        response is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("headers"), out var headers) && headers is YamlMappingNode named
            ? named.Children.Select(header => header.Key.ToString())
            : [];

    private static async Task<UGiftMeResult<List<Models.Wallet>>> SucceedWith(string header, string value)
    {
        using var client = ClientAnswering(HttpStatusCode.OK, "[]", header, value);
        return await client.Wallet.ListAsync();
    }

    private static async Task<UGiftMeException> FailWith(int status, string header, string value)
    {
        using var client = ClientAnswering((HttpStatusCode)status, """{"error":"coverage check","message":"coverage check"}""", header, value);
        try
        {
            await client.Wallet.ListAsync();
        }
        catch (UGiftMeException exception)
        {
            return exception;
        }
        throw new AssertionException($"a {status} answer did not throw");
    }

    // No retries, so a 429 answers at once.
    private static UGiftMeClient ClientAnswering(HttpStatusCode status, string body, string header, string value) =>
        new(new UGiftMeClientOptions
            {
                ApiKey = "coverage-check-key",
                BaseAddress = new Uri("http://127.0.0.1:9/"),
                Retry = { MaxRetries = 0 },
            },
            new Answering(status, body, header, value));

    private sealed class Answering(HttpStatusCode status, string body, string header, string value) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(status)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
            response.Headers.TryAddWithoutValidation(header, value);
            return Task.FromResult(response);
        }
    }
}
