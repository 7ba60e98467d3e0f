using System.Net;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>
/// Every error status the spec documents (on any operation) becomes a specific exception, not the bare
/// <see cref="UGiftMeException"/>, or is listed here as generic on purpose: a newly documented status (a 409, say)
/// builds and reads, but a user cannot catch it by type until the error mapping knows it. Fails with the statuses.
/// </summary>
public sealed class ErrorStatusCoverageTests
{
    /// <summary>Statuses that stay the base exception on purpose, each with why.</summary>
    private static readonly Dictionary<int, string> GenericOnPurpose = [];

    [Test]
    public async Task EveryDocumentedErrorStatus_BecomesASpecificException_OrIsListed()
    {
        var generic = new List<string>();
        foreach (var status in DocumentedErrorStatuses().Where(status => !GenericOnPurpose.ContainsKey(status)))
        {
            var thrown = await ThrownFor(status);
            if (thrown.GetType() == typeof(UGiftMeException))
            {
                generic.Add($"{status} (documented on {string.Join(", ", OperationsDocumenting(status))}) becomes the bare UGiftMeException");
            }
        }

        Assert.That(DocumentedErrorStatuses(), Is.Not.Empty);
        Assert.That(generic, Is.Empty,
            "documented error statuses without their own exception: map them in ErrorMapper, or list them in ErrorStatusCoverageTests.GenericOnPurpose with why");
    }

    [Test]
    public void EverySecuritySchemeAndServer_IsOneTheSdkSupports()
    {
        var spec = SpecDocument.Spec;
        var unsupported = new List<string>();
        foreach (var (name, scheme) in SpecDocument.Map(spec, "components", "securitySchemes").Children.Select(c => (c.Key.ToString(), (YamlMappingNode)c.Value)))
        {
            var described = $"{SpecDocument.Scalar(scheme, "type")} in {Optional(scheme, "in")} {Optional(scheme, "name")}".Trim();
            if (described != "apiKey in header X-API-Key")
            {
                unsupported.Add($"security scheme {name}: {described} (the SDK sends only X-API-Key)");
            }
        }
        var known = new[] { UGiftMeClientOptions.SandboxBaseAddress, UGiftMeClientOptions.ProductionBaseAddress };
        foreach (var server in ((YamlSequenceNode)spec.Children[new YamlScalarNode("servers")]).Children.Cast<YamlMappingNode>())
        {
            var url = new Uri(SpecDocument.Scalar(server, "url").TrimEnd('/') + "/");
            if (!known.Contains(url))
            {
                unsupported.Add($"server {url} is not a UGiftMeEnvironment");
            }
        }

        Assert.That(unsupported, Is.Empty, "what the spec describes that the SDK cannot do");
    }

    private static IReadOnlyList<int> DocumentedErrorStatuses() =>
        [.. SpecDocument.Operations().SelectMany(operation => Responses(operation)).Where(status => status >= 400).Distinct().Order()];

    private static IEnumerable<string> OperationsDocumenting(int status) =>
        SpecDocument.Operations().Where(operation => Responses(operation).Contains(status)).Select(operation => operation.OperationId);

    private static IEnumerable<int> Responses((string Method, string Path, string OperationId) operation) =>
        SpecDocument.Map(SpecDocument.Spec, "paths", operation.Path, operation.Method.ToLowerInvariant(), "responses").Children
            .Select(response => int.TryParse(response.Key.ToString(), out var status) ? status : 0);

    private static string Optional(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value.ToString() : "";

    // The exception a call gets for a final answer with this status (no retries, so a 429 or 5xx answers at once).
    private static async Task<Exception> ThrownFor(int status)
    {
        using var client = new UGiftMeClient(
            new UGiftMeClientOptions
            {
                ApiKey = "coverage-check-key",
                BaseAddress = new Uri("http://127.0.0.1:9/"),
                Retry = { MaxRetries = 0 },
            },
            new Answering(status));
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

    private sealed class Answering(int status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage((HttpStatusCode)status)
            {
                Content = new StringContent("""{"error":"coverage check","message":"coverage check","required":10,"available":1,"currency":"GBP"}""", Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
    }
}
