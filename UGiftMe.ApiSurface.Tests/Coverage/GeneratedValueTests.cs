using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>
/// Every value the SDK makes up and sends (each kind of Idempotency-Key, campaign group keys, the page and page size
/// its paging members default to, a campaign's largest bulk group, the User-Agent) fits the spec's constraints
/// (minLength, maxLength, pattern, minimum, maximum, minItems, maxItems) of the parameter or field it is sent in. A
/// provider that tightens one fails here with the value, where it is sent and the constraint, before a request is refused.
/// </summary>
public sealed class GeneratedValueTests
{
    private const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    /// <summary>The query parameter each defaulted paging argument of the facade is sent as.</summary>
    private static readonly Dictionary<string, string> PagingArguments = new(StringComparer.Ordinal) { ["page"] = "page", ["pageSize"] = "limit" };

    [Test]
    public void ValuesTheSdkGenerates_ComparedWithTheSpec_FitItsConstraints()
    {
        var misfits = Misfits(SpecDocument.Spec);

        Assert.That(misfits, Is.Empty, "values the SDK makes up and sends that the spec now refuses: change how the SDK makes them (or its defaults)");
    }

    [Test]
    public void EveryKind_IsChecked()
    {
        var kinds = GeneratedValues(SpecDocument.Spec).Select(value => value.What).ToList();

        Assert.That(kinds, Has.Some.StartsWith("a random Idempotency-Key"));
        Assert.That(kinds, Has.Some.StartsWith("a campaign's bulk group key"));
        Assert.That(kinds, Has.Some.StartsWith("OrdersClient.ListAllAsync(pageSize = 50)"));
        Assert.That(kinds, Has.Some.StartsWith("OrdersClient.ListAsync(page = 1)"));
        Assert.That(kinds, Has.Some.StartsWith("CampaignOptions.MaxGroupSize"));
    }

    [TestCase("IdempotencyKey", "pattern", "'^ugm_ref_[!-~]+$'", "a random Idempotency-Key")]
    [TestCase("IdempotencyKey", "maxLength", "50", "a reference Idempotency-Key at attempt 1000")]
    [TestCase("IdempotencyKey", "maxLength", "53", "the next attempt's Idempotency-Key after attempt 1000")]
    [TestCase("IdempotencyKey", "minLength", "49", "a reference Idempotency-Key (attempt 1)")]
    [TestCase("IdempotencyKey", "pattern", "'^[a-z0-9_]+$'", "a campaign's bulk group key")]
    [TestCase("IdempotencyKey", "pattern", "'^[a-z0-9_]+$'", "a campaign's single-item group key at its next attempt")]
    [TestCase("Limit", "maximum", "20", "OrdersClient.ListAllAsync(pageSize = 50)")]
    [TestCase("Limit", "minimum", "60", "WalletClient.ListAllTransactionsAsync(pageSize = 50)")]
    [TestCase("Page", "minimum", "2", "ProductsClient.ListAsync(page = 1)")]
    public void ParameterTightenedInACopyOfTheSpec_TheCheckNamesTheValue(string parameter, string constraint, string value, string named)
    {
        var spec = SpecDocument.Copy();
        SetScalar(SpecDocument.Map(spec, "components", "parameters", parameter, "schema"), constraint, value);

        Assert.That(Misfits(spec), Has.Some.Matches<string>(misfit => misfit.StartsWith(named, StringComparison.Ordinal)
            && misfit.Contains($"#/components/parameters/{parameter}", StringComparison.Ordinal) && misfit.Contains($"fit {constraint} ", StringComparison.Ordinal)));
    }

    [Test]
    public void BulkOrdersMaxItemsTightenedInACopy_TheCheckNamesTheCampaignsGroupSize()
    {
        var spec = SpecDocument.Copy();
        SetScalar(SpecDocument.Map(spec, "components", "schemas", "CreateBulkOrderRequest", "properties", "orders"), "maxItems", "50");

        Assert.That(Misfits(spec), Has.Some.Matches<string>(misfit => misfit.StartsWith("CampaignOptions.MaxGroupSize (100 orders in a bulk request)", StringComparison.Ordinal)
            && misfit.EndsWith("does not fit maxItems 50", StringComparison.Ordinal)));
    }

    [Test]
    public void UserAgentHeaderDocumentedWithAMaxLengthInACopy_TheCheckNamesTheSdksUserAgent()
    {
        var spec = SpecDocument.Copy();
        var parameters = SpecDocument.Map(spec, "components", "parameters");
        parameters.Add("UserAgent", new YamlMappingNode(
            "name", "User-Agent", "in", "header",
            "schema", new YamlMappingNode("type", "string", "maxLength", "10")));

        Assert.That(Misfits(spec), Has.Some.Matches<string>(misfit => misfit.StartsWith("the SDK's User-Agent", StringComparison.Ordinal)
            && misfit.Contains("sent in #/components/parameters/UserAgent", StringComparison.Ordinal) && misfit.EndsWith("does not fit maxLength 10", StringComparison.Ordinal)));
    }

    private static List<string> Misfits(YamlMappingNode spec) =>
        GeneratedValues(spec)
            .SelectMany(value => Violations(spec, value.Schema, value.Value).Select(violation => $"{value.What}: {Shown(value.Value)} sent in {value.Where} does not fit {violation}"))
            .ToList();

    private static string Shown(object value) => value is string text ? $"'{text}' ({text.Length} characters)" : Convert.ToString(value, CultureInfo.InvariantCulture)!;

    // Each value the SDK makes up, the spec element it is sent in (a JSON pointer) and that element's schema.
    private static IEnumerable<(string What, object Value, string Where, YamlMappingNode Schema)> GeneratedValues(YamlMappingNode spec)
    {
        var longest = new string('r', 500);
        string CampaignKey(int items, int attempt)
        {
            var key = KeySentByACampaign(Enumerable.Range(0, items).Select(i => $"{longest}-{i}"));
            for (var next = 1; next < attempt; next++)
            {
                key = IdempotencyKey.NextAttempt(key);
            }

            return key;
        }
        var keys = new (string What, string Key)[]
        {
            ("a random Idempotency-Key", IdempotencyKey.Create()),
            ("a reference Idempotency-Key (attempt 1)", IdempotencyKey.FromReference(longest, scope: longest)),
            ("a reference Idempotency-Key at attempt 1000", IdempotencyKey.FromReference(longest, 1000, longest)),
            ("the next attempt's Idempotency-Key after attempt 1000", IdempotencyKey.NextAttempt(IdempotencyKey.FromReference(longest, 1000))),
            ("a campaign's single-item group key", CampaignKey(1, 1)),
            ("a campaign's single-item group key at its next attempt", IdempotencyKey.NextAttempt(CampaignKey(1, 1000))),
            ("a campaign's bulk group key", CampaignKey(CampaignOptions.MaxGroupSize, 1)),
            ("a campaign's bulk group key at its next attempt", IdempotencyKey.NextAttempt(CampaignKey(CampaignOptions.MaxGroupSize, 1000))),
        };
        foreach (var (where, schema) in HeaderParameters(spec, "Idempotency-Key"))
        {
            foreach (var (what, key) in keys)
            {
                yield return (what, key, where, schema);
            }
        }

        var userAgent = (string)(typeof(UGiftMeClient).Assembly.GetType("UGiftMe.UGiftMePipeline", throwOnError: true)!.GetField("UserAgent", Static)
            ?? throw new InvalidOperationException("UGiftMePipeline.UserAgent is gone; update this check with where the User-Agent is made now.")).GetValue(null)!;
        foreach (var (where, schema) in HeaderParameters(spec, "User-Agent"))
        {
            yield return ("the SDK's User-Agent", userAgent, where, schema);
        }

        // The page and page size a paging member sends when the caller leaves them out, in each operation it reaches.
        var facadeTypes = typeof(UGiftMeClient).Assembly.GetExportedTypes().ToLookup(type => type.Name, StringComparer.Ordinal);
        foreach (var (method, path, operationId) in SpecDocument.Operations())
        {
            var parameters = OperationParameters(spec, path, method).ToDictionary(parameter => parameter.Name, StringComparer.Ordinal);
            foreach (var call in FacadeCallMap.CallsOf(operationId))
            {
                var (typeName, methodName) = (call[..call.LastIndexOf('.')], call[(call.LastIndexOf('.') + 1)..]);
                var defaults = facadeTypes[typeName].SelectMany(type => type.GetMethods().Where(candidate => candidate.Name == methodName))
                    .SelectMany(candidate => candidate.GetParameters())
                    .Where(argument => argument.Name is { } name && PagingArguments.ContainsKey(name) && argument.HasDefaultValue && argument.DefaultValue is int)
                    .DistinctBy(argument => (argument.Name, argument.DefaultValue));
                foreach (var argument in defaults)
                {
                    if (parameters.TryGetValue(PagingArguments[argument.Name!], out var parameter))
                    {
                        yield return ($"{call}({argument.Name} = {argument.DefaultValue})", argument.DefaultValue!, $"{parameter.Where} ({method} {path})", parameter.Schema);
                    }
                }
            }
        }

        var bulkOrders = SpecDocument.Map(spec, "components", "schemas", "CreateBulkOrderRequest", "properties", "orders");
        yield return ($"CampaignOptions.MaxGroupSize ({CampaignOptions.MaxGroupSize} orders in a bulk request)", new Items(CampaignOptions.MaxGroupSize),
            "#/components/schemas/CreateBulkOrderRequest/properties/orders", bulkOrders);
        yield return ("a campaign's smallest bulk group (2 orders)", new Items(2), "#/components/schemas/CreateBulkOrderRequest/properties/orders", bulkOrders);
    }

    // The Idempotency-Key a campaign sends for one group of these references (GroupSize fits them all).
    private static string KeySentByACampaign(IEnumerable<string> references)
    {
        var server = new RefusingServer();
        using var client = new UGiftMeClient(new UGiftMeClientOptions { ApiKey = "coverage-check-key", BaseAddress = new Uri("http://127.0.0.1:9/") }, server);
        var items = references.Select(reference => new CampaignItem(reference, new Models.CreateOrderRequest
        {
            ProductCode = "AMAZON_UK_STD", Merchant = "Amazon UK", Currency = "GBP", ValuePurchased = 10,
        })).ToList();
        var campaign = new Campaign(client, new CampaignOptions { CampaignId = "coverage", GroupSize = items.Count });
        var outcomes = Task.Run(async () => await campaign.RunAsync(items).ToListAsync()).GetAwaiter().GetResult();
        Assert.That(outcomes.Select(outcome => outcome.Kind), Is.All.EqualTo(CampaignOutcomeKind.Rejected), "the campaign sent its group and read the refusal");
        return server.IdempotencyKeys.Single();
    }

    /// <summary>Refuses every request with a 400, keeping the Idempotency-Key each one carried.</summary>
    private sealed class RefusingServer : HttpMessageHandler
    {
        public List<string> IdempotencyKeys { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            IdempotencyKeys.AddRange(request.Headers.GetValues("Idempotency-Key"));
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.BadRequest)
            {
                Content = new StringContent("""{"error":"coverage check"}""", System.Text.Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
        }
    }

    /// <summary>A number of items in an array (checked against minItems and maxItems).</summary>
    private sealed record Items(int Count)
    {
        public override string ToString() => Count.ToString(CultureInfo.InvariantCulture);
    }

    private static IEnumerable<string> Violations(YamlMappingNode spec, YamlMappingNode schema, object value)
    {
        schema = Resolved(spec, schema);
        string? Constraint(string name) => schema.Children.TryGetValue(new YamlScalarNode(name), out var node) && node is YamlScalarNode { Value: { } text } ? text : null;
        decimal? Number(string name) => Constraint(name) is { } text ? decimal.Parse(text, CultureInfo.InvariantCulture) : null;
        var exclusiveMinimum = Constraint("exclusiveMinimum") == "true";
        var exclusiveMaximum = Constraint("exclusiveMaximum") == "true";
        (bool Broken, string Constraint)[] checks = value switch
        {
            string text =>
            [
                (Number("minLength") is { } minLength && text.Length < minLength, $"minLength {Constraint("minLength")}"),
                (Number("maxLength") is { } maxLength && text.Length > maxLength, $"maxLength {Constraint("maxLength")}"),
                (Constraint("pattern") is { } pattern && !Regex.IsMatch(text, pattern), $"pattern {Constraint("pattern")}"),
            ],
            Items items =>
            [
                (Number("minItems") is { } minItems && items.Count < minItems, $"minItems {Constraint("minItems")}"),
                (Number("maxItems") is { } maxItems && items.Count > maxItems, $"maxItems {Constraint("maxItems")}"),
            ],
            int number =>
            [
                (Number("minimum") is { } minimum && (number < minimum || (exclusiveMinimum && number == minimum)), $"minimum {Constraint("minimum")}{(exclusiveMinimum ? " (exclusive)" : "")}"),
                (Number("maximum") is { } maximum && (number > maximum || (exclusiveMaximum && number == maximum)), $"maximum {Constraint("maximum")}{(exclusiveMaximum ? " (exclusive)" : "")}"),
            ],
            _ => throw new InvalidOperationException($"no constraints known for a {value.GetType().Name}"),
        };
        return checks.Where(check => check.Broken).Select(check => check.Constraint);
    }

    // Header parameters named so, wherever the spec defines them (components and operations), with their schemas.
    private static IEnumerable<(string Where, YamlMappingNode Schema)> HeaderParameters(YamlMappingNode spec, string name)
    {
        var components = SpecDocument.Map(spec, "components", "parameters").Children
            .Select(pair => ($"#/components/parameters/{pair.Key}", (YamlMappingNode)pair.Value));
        var inline = SpecDocument.Operations().SelectMany(operation => OperationParameters(spec, operation.Path, operation.Method, inlineOnly: true)
            .Select(parameter => (parameter.Where, parameter.Definition)));
        return components.Concat(inline)
            .Where(parameter => Text(parameter.Item2, "name").Equals(name, StringComparison.OrdinalIgnoreCase) && Text(parameter.Item2, "in") == "header")
            .Where(parameter => parameter.Item2.Children.ContainsKey(new YamlScalarNode("schema")))
            .Select(parameter => (parameter.Item1, SpecDocument.Map(parameter.Item2, "schema")));
    }

    // An operation's parameters (path-level ones too), each with where it is defined, its definition and its schema.
    private static IEnumerable<(string Name, string Where, YamlMappingNode Definition, YamlMappingNode Schema)> OperationParameters(
        YamlMappingNode spec, string path, string method, bool inlineOnly = false)
    {
        var pathItem = SpecDocument.Map(spec, "paths", path);
        var pointer = OperationReach.Pointer(path, method);
        var lists = new[] { (Node: SpecDocument.Map(pathItem, method.ToLowerInvariant()), Pointer: pointer), (Node: pathItem, Pointer: pointer[..pointer.LastIndexOf('/')]) };
        foreach (var (node, at) in lists)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode("parameters"), out var list))
            {
                continue;
            }
            var items = ((YamlSequenceNode)list).Children;
            for (var i = 0; i < items.Count; i++)
            {
                var item = (YamlMappingNode)items[i];
                var reference = item.Children.TryGetValue(new YamlScalarNode("$ref"), out var target) ? target.ToString() : null;
                if (reference is not null && inlineOnly)
                {
                    continue;
                }
                var definition = reference is null ? item : Resolved(spec, item);
                if (definition.Children.ContainsKey(new YamlScalarNode("schema")))
                {
                    yield return (Text(definition, "name"), reference ?? $"{at}/parameters/{i}", definition, SpecDocument.Map(definition, "schema"));
                }
            }
        }
    }

    private static YamlMappingNode Resolved(YamlMappingNode spec, YamlMappingNode node) =>
        node.Children.TryGetValue(new YamlScalarNode("$ref"), out var reference)
            ? Resolved(spec, SpecDocument.Map(spec, reference.ToString()[2..].Split('/')))
            : node;

    private static string Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { } text } ? text : "";

    private static void SetScalar(YamlMappingNode node, string key, string value)
    {
        var scalar = value.StartsWith('\'') ? new YamlScalarNode(value.Trim('\'')) : new YamlScalarNode(value);
        node.Children[new YamlScalarNode(key)] = scalar;
    }
}
