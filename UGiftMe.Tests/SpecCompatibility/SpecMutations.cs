using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.SpecCompatibility;

/// <summary>
/// The mutations of openapi/ugiftme-business.yaml the spec check must classify: each names the change a spec author
/// could make and whether it breaks clients. Paths are real ones from our spec, so a mutation that no longer applies
/// throws instead of silently testing nothing.
/// </summary>
public static class SpecMutations
{
    private const string Orders = "/api/v1/business/orders";
    private const string Wallet = "/api/v1/business/wallet";
    private const string WalletTransactions = "/api/v1/business/wallet/transactions";

    public static IEnumerable<SpecMutation> Breaking()
    {
        yield return new("operation removed (GET /wallet)", true,
            spec => Remove(Map(spec, "paths", Wallet), "get"));
        yield return new("required request field added (CreateOrderRequest.poNumber)", true, spec =>
        {
            var schema = Map(spec, "components", "schemas", "CreateOrderRequest");
            Map(schema, "properties").Add("poNumber", Scalars(("type", "string")));
            Seq(schema, "required").Add("poNumber");
        });
        yield return new("response field removed (Wallet.balance)", true,
            spec => Remove(Map(spec, "components", "schemas", "Wallet", "properties"), "balance"));
        yield return new("response field no facade member reads removed (Wallet.updatedAt)", true,
            spec => Remove(Map(spec, "components", "schemas", "Wallet", "properties"), "updatedAt"), "property-removed");
        yield return new("response field the facade reads removed (OrderRequest.status)", true,
            spec => Remove(Map(spec, "components", "schemas", "OrderRequest", "properties"), "status"), "property-removed");
        yield return new("response field removed from a schema shared by several operations (BusinessOrder.currency)", true,
            spec => Remove(Map(spec, "components", "schemas", "BusinessOrderMembers", "properties"), "currency"));
        yield return new("request field type changed (CreateOrderRequest.valuePurchased number -> string)", true,
            spec => Map(spec, "components", "schemas", "CreateOrderRequest", "properties").Children[new YamlScalarNode("valuePurchased")] =
                Scalars(("type", "string")));
        yield return new("request enum value removed (SortOrder 'asc', the order query parameter)", true, spec =>
        {
            var values = Seq(Map(spec, "components", "schemas", "SortOrder"), "enum");
            var asc = values.Children.SingleOrDefault(v => ((YamlScalarNode)v).Value == "asc") ?? throw Missing("asc", "a SortOrder value");
            values.Children.Remove(asc);
        });
        yield return new("optional parameter made required (limit)", true,
            spec => Map(spec, "components", "parameters", "Limit").Children[new YamlScalarNode("required")] = new YamlScalarNode("true"));
        // Redocly rates this a patch; eng/spec-diff.mjs's response-enum-closed makes it major (the spec's own rule).
        yield return new("response string closed into an enum (OrderRequest.status)", true,
            spec => Map(spec, "components", "schemas", "OrderRequest", "properties", "status")
                .Add("enum", new YamlSequenceNode(new YamlScalarNode("queued"), new YamlScalarNode("processing"), new YamlScalarNode("succeeded"), new YamlScalarNode("failed"))),
            "response-enum-closed");
        yield return new("path renamed (/wallet/transactions -> /wallet/ledger)", true, spec =>
        {
            var paths = Map(spec, "paths");
            var item = Map(paths, WalletTransactions);
            Remove(paths, WalletTransactions);
            paths.Add(WalletTransactions.Replace("transactions", "ledger", StringComparison.Ordinal), item);
        }, "path-removed");
        // Redocly calls it parameter-removed; eng/spec-diff.mjs names the move, whose next step differs from a removal.
        yield return new("query parameter moved to a header (merchant of GET /products/search)", true, spec =>
        {
            var merchant = Seq(Map(spec, "paths", "/api/v1/business/products/search", "get"), "parameters").Children.Cast<YamlMappingNode>()
                .SingleOrDefault(p => p.Children.TryGetValue(new YamlScalarNode("name"), out var name) && name.ToString() == "merchant") ?? throw Missing("merchant", "a products/search parameter");
            merchant.Children[new YamlScalarNode("in")] = new YamlScalarNode("header");
        }, "parameter-moved");
        // The counterpart of the described parameter below: paired by name, the retyping is named as such.
        yield return new("path parameter retyped and its description dropped (orderId of GET /orders/{orderId}: string -> integer)", true, spec =>
        {
            var orderId = OrderIdParameter(spec);
            Remove(orderId, "description");
            orderId.Children[new YamlScalarNode("schema")] = Scalars(("type", "integer"));
        }, "schema-type-changed");
        // Only error statuses may go (error-response-removed); a success status a client handles may not.
        yield return new("success status removed (202 of POST /orders)", true,
            spec => Remove(Map(spec, "paths", Orders, "post", "responses"), "202"), "response-removed");
        // Redocly rates a changed default a patch; callers who omit the parameter silently get other results.
        yield return new("default of an optional parameter changed (SortOrder desc -> asc)", true,
            spec => Map(spec, "components", "schemas", "SortOrder").Children[new YamlScalarNode("default")] = new YamlScalarNode("asc"),
            "default-changed");
        yield return new("default of a response member changed (OrderRequest.type single -> bulk)", true,
            spec => OrderRequestType(spec).Children[new YamlScalarNode("default")] = new YamlScalarNode("bulk"),
            "default-changed",
            Baseline: spec => OrderRequestType(spec).Add("default", "single"));
        // The counterpart of the compatible oneOf below: a variant the old schema (an open object) did not allow.
        yield return new("response member became a oneOf with a shape it did not allow (OrderRequest.result: a string too)", true,
            spec => OrderRequestResult(spec, new YamlSequenceNode(Scalars(("$ref", "#/components/schemas/BusinessOrder")), Scalars(("type", "string")))),
            "schema-type-changed");
        // Redocly rates it a patch, as it does a closed enum; a client generated from it parses the value (System.Uri)
        // and fails the whole answer on a value that is not a URI, which the old description allowed.
        yield return new("response string given a parsed format (Product.imageUrl: uri)", true,
            spec => Map(spec, "components", "schemas", "Product", "properties", "imageUrl").Add("format", "uri"), "response-format-typed");
        // Real breaks wrapped in a docs team's noise stay breaking, under the rule that names them.
        yield return new("request enum reordered, losing one value and gaining another (SortOrder [asc, desc] -> [newest, desc])", true,
            spec => Map(spec, "components", "schemas", "SortOrder").Children[new YamlScalarNode("enum")] =
                new YamlSequenceNode(new YamlScalarNode("newest"), new YamlScalarNode("desc")),
            "enum-values-removed");
        yield return new("server moved while its description is rewritten (Production: api.ugift.me -> api.ugiftme.com)", true,
            spec => Seq(spec, "servers").Children[1] = Scalars(("url", "https://api.ugiftme.com"), ("description", LongDescription)),
            "server-removed");
        // The counterpart of the integer format documented where there was none: a narrower format is a narrower request.
        yield return new("request integer's format narrowed (limit: int64 -> int32)", true,
            spec => LimitSchema(spec).Children[new YamlScalarNode("format")] = new YamlScalarNode("int32"),
            "schema-constraint-changed",
            Baseline: spec => LimitSchema(spec).Children[new YamlScalarNode("format")] = new YamlScalarNode("int64"));
        // The counterparts of the nullable and the optional response member: a webhook payload's required members are
        // checked strictly.
        yield return new("webhook payload member no longer required (OrderQueuedEvent.type)", true,
            spec => RemoveRequired(Map(spec, "components", "schemas", "OrderQueuedEvent"), "type"),
            "required-properties-removed");
        yield return new("webhook payload member made nullable (OrderQueuedEvent.type)", true,
            spec => Map(spec, "components", "schemas", "OrderQueuedEvent", "properties", "type").Add("nullable", "true"),
            "schema-type-changed");
    }

    public static IEnumerable<SpecMutation> Compatible()
    {
        yield return new("optional request field added (CreateOrderRequest.poNumber)", false,
            spec => Map(spec, "components", "schemas", "CreateOrderRequest", "properties").Add("poNumber", Scalars(("type", "string"))));
        yield return new("operation added (DELETE /wallet)", false, spec => Map(spec, "paths", Wallet).Add("delete", new YamlMappingNode(
            new YamlScalarNode("operationId"), new YamlScalarNode("Wallet_Close"),
            new YamlScalarNode("tags"), new YamlSequenceNode(new YamlScalarNode("Wallet")),
            new YamlScalarNode("responses"), new YamlMappingNode(
                new YamlScalarNode("204"), Scalars(("description", "Closed."))))));
        // Builds untouched, but nothing in the facade reaches it: the coverage checks of UGiftMe.ApiSurface.Tests name both.
        yield return new("operation added with its own response model (GET /wallet/limits -> WalletLimits)", false, spec =>
        {
            var limits = Scalars(("type", "object"), ("description", "The wallet's spending limits."));
            limits.Add("properties", new YamlMappingNode(new YamlScalarNode("daily"), Scalars(("type", "number"), ("description", "Daily limit."))));
            Map(spec, "components", "schemas").Add("WalletLimits", limits);
            var ok = Scalars(("description", "The limits."));
            ok.Add("content", new YamlMappingNode(new YamlScalarNode("application/json"), new YamlMappingNode(
                new YamlScalarNode("schema"), Scalars(("$ref", "#/components/schemas/WalletLimits")))));
            Map(spec, "paths").Add(Wallet + "/limits", new YamlMappingNode(new YamlScalarNode("get"), new YamlMappingNode(
                new YamlScalarNode("operationId"), new YamlScalarNode("Wallet_GetLimits"),
                new YamlScalarNode("tags"), new YamlSequenceNode(new YamlScalarNode("Wallet")),
                new YamlScalarNode("responses"), new YamlMappingNode(new YamlScalarNode("200"), ok))));
        });
        yield return new("optional query parameter added (GET /wallet/transactions ?type=)", false, spec =>
        {
            var operation = Map(spec, "paths", WalletTransactions, "get");
            if (!operation.Children.ContainsKey(new YamlScalarNode("parameters")))
            {
                operation.Add("parameters", new YamlSequenceNode());
            }
            var parameter = Scalars(("name", "type"), ("in", "query"), ("required", "false"));
            parameter.Add("schema", Scalars(("type", "string")));
            Seq(operation, "parameters").Add(parameter);
        });
        yield return new("response field added (Wallet.available)", false,
            spec => Map(spec, "components", "schemas", "Wallet", "properties").Add("available", Scalars(("type", "number"))));
        // Response values the server may extend are open strings whose known values the description lists, so a new
        // value is a description edit; UGiftMe.Tests/Generated/ForwardCompatibilityTests reads unknown values.
        yield return new("new value of a response enum-like string (OrderRequest.status gains `cancelled`)", false,
            spec => Map(spec, "components", "schemas", "OrderRequest", "properties", "status")
                .Children[new YamlScalarNode("description")] = new YamlScalarNode("Known values: `queued`, `processing`, `succeeded`, `failed`, `cancelled`."));
        // Redocly rates response-removed major; eng/spec-diff.mjs downgrades error statuses (error-response-removed).
        yield return new("documented error status removed (402 of POST /orders)", false,
            spec => Remove(Map(spec, "paths", Orders, "post", "responses"), "402"), "error-response-removed");
        // Redocly compares schemas as written; eng/spec-diff.mjs merges every allOf first, so recomposing a schema
        // from a shared part (how BusinessOrder adds `required` over BusinessOrderMembers) changes nothing it reports.
        // (The description edit is there so that the check has something to report at all.)
        yield return new("schema recomposed as an allOf of a shared part, description edited (Wallet over WalletMembers)", false, spec =>
        {
            var schemas = Map(spec, "components", "schemas");
            var wallet = Map(schemas, "Wallet");
            var members = new YamlMappingNode(new YamlScalarNode("type"), new YamlScalarNode("object"),
                new YamlScalarNode("properties"), Map(wallet, "properties"));
            Remove(wallet, "properties");
            Remove(wallet, "type");
            wallet.Add("allOf", new YamlSequenceNode(Scalars(("$ref", "#/components/schemas/WalletMembers"))));
            schemas.Add("WalletMembers", members);
            wallet.Children[new YamlScalarNode("description")] = new YamlScalarNode("A wallet document.");
        });
        // Redocly's schema-type-changed rates it major; every variant was already a value the open object allowed.
        yield return new("response member documented as a oneOf of shapes it already allowed (OrderRequest.result)", false,
            spec => OrderRequestResult(spec, new YamlSequenceNode(
                Scalars(("$ref", "#/components/schemas/BusinessOrder")), Scalars(("$ref", "#/components/schemas/BulkOrderCreatedResponse")))),
            "union-of-known-shapes");
        // Operations are matched by path and method: the rename changes no message (our overlay pins the C# names).
        yield return new("operationId renamed, same path, method and messages (Wallet_List -> Wallet_Get)", false,
            spec => Map(spec, "paths", Wallet, "get").Children[new YamlScalarNode("operationId")] = new YamlScalarNode("Wallet_Get"),
            "operation-id-renamed");
        // Still sent; the generated model documents the deprecation instead of [Obsolete], so the facade still builds.
        yield return new("response member the facade reads deprecated (OrderRequest.status)", false,
            spec => Map(spec, "components", "schemas", "OrderRequest", "properties", "status").Add("deprecated", "true"));
        // Documenting a default where there was none describes what already happened.
        yield return new("default documented where there was none (OrderRequest.type)", false,
            spec => OrderRequestType(spec).Add("default", "single"));
        // Redocly pairs parameters by likeness and reads this as orderId removed and a required one added;
        // eng/spec-diff.mjs marks each list item with its identity (a parameter's name) first.
        yield return new("path parameter's description dropped (orderId of GET /orders/{orderId})", false,
            spec => Remove(OrderIdParameter(spec), "description"));
        // Redocly pairs servers by likeness: a rewritten description read as "server removed".
        yield return new("server's description rewritten at length (Sandbox)", false,
            spec => Map((YamlMappingNode)Seq(spec, "servers").Children[0]).Children[new YamlScalarNode("description")] = new YamlScalarNode(LongDescription));
        // Pairing by name and location alone forgave only annotation edits; deprecated is more, and still compatible.
        yield return new("query parameter deprecated while its description is rewritten at length (merchant of GET /products/search)", false, spec =>
        {
            var merchant = Parameter(spec, "/api/v1/business/products/search", "merchant");
            merchant.Children[new YamlScalarNode("description")] = new YamlScalarNode(LongDescription);
            merchant.Add("deprecated", "true");
        });
        // Redocly pairs oneOf variants by likeness too: a rewritten description read as a variant removed and one added.
        yield return new("inline oneOf variant's description rewritten at length (OrderRequest.result)", false,
            spec => ((YamlMappingNode)Seq(Map(spec, "components", "schemas", "OrderRequest", "properties", "result"), "oneOf").Children[0])
                .Children[new YamlScalarNode("description")] = new YamlScalarNode(LongDescription),
            Baseline: spec => OrderRequestResult(spec, new YamlSequenceNode(
                InlineObject("A single order.", "_id", "string"), InlineObject("A bulk order.", "orders", "array"))));
        // Redocly: schema-type-changed (widened); every response model reads a null member as null.
        yield return new("response member made nullable (Wallet.updatedAt)", false,
            spec => Map(spec, "components", "schemas", "Wallet", "properties", "updatedAt").Add("nullable", "true"),
            "response-member-nullable");
        // Redocly: required-properties-removed; every response model reads a missing member as null.
        yield return new("response member no longer required (Wallet.balance)", false,
            spec => RemoveRequired(Map(spec, "components", "schemas", "Wallet"), "balance"),
            "response-member-optional");
        // Redocly: schema-type-changed (narrowed from 'any'); NSwag already generated a class from its properties.
        yield return new("request schema given the type its properties implied (CreateOrderRequest: object)", false,
            spec => Map(spec, "components", "schemas", "CreateOrderRequest").Add("type", "object"),
            "type-documented",
            Baseline: spec => Remove(Map(spec, "components", "schemas", "CreateOrderRequest"), "type"));
        // Redocly: schema-constraint-changed; an integer without a format is already a C# int.
        yield return new("integer parameter given format int32 where it had none (limit)", false,
            spec => LimitSchema(spec).Add("format", "int32"),
            "integer-format-documented",
            Baseline: spec => Remove(LimitSchema(spec), "format"));
        // The next three are other ways of writing the same operation, each of which redocly read as a break;
        // eng/spec-diff.mjs brings both sides to one form (the description edit gives the check something to see).
        yield return new("parameters moved from the operation to its path item, a description edited (GET /orders/{orderId})", false, spec =>
        {
            var item = Map(spec, "paths", Orders + "/{orderId}");
            var operation = Map(item, "get");
            item.Add("parameters", Seq(operation, "parameters"));
            Remove(operation, "parameters");
            operation.Children[new YamlScalarNode("description")] = new YamlScalarNode(LongDescription);
        });
        yield return new("operation's security written out as the document's, a description edited (GET /wallet)", false, spec =>
        {
            var operation = Map(spec, "paths", Wallet, "get");
            operation.Add("security", new YamlSequenceNode(new YamlMappingNode(new YamlScalarNode("ApiKeyAuth"), new YamlSequenceNode())));
            operation.Children[new YamlScalarNode("description")] = new YamlScalarNode(LongDescription);
        });
        yield return new("JSON media type given its charset, the response described anew (200 of GET /wallet)", false, spec =>
        {
            var ok = Map(spec, "paths", Wallet, "get", "responses", "200");
            var content = Map(ok, "content");
            var json = Map(content, "application/json");
            Remove(content, "application/json");
            content.Add("application/json; charset=utf-8", json);
            ok.Children[new YamlScalarNode("description")] = new YamlScalarNode(LongDescription);
        });
        yield return new("parameters reordered, their descriptions rewritten and a $ref inlined (GET /orders/search)", false, spec =>
        {
            var parameters = Seq(Map(spec, "paths", Orders + "/search", "get"), "parameters");
            var reordered = parameters.Children.Reverse().ToList();
            parameters.Children.Clear();
            foreach (var parameter in reordered.Cast<YamlMappingNode>())
            {
                if (Child(parameter, "$ref")?.ToString() == "#/components/parameters/Page")
                {
                    var page = Scalars(("name", "page"), ("in", "query"), ("required", "false"), ("description", LongDescription));
                    page.Add("schema", Scalars(("type", "integer"), ("format", "int32"), ("minimum", "1"), ("default", "1")));
                    parameters.Add(page);
                    continue;
                }
                if (Child(parameter, "description") is not null)
                {
                    parameter.Children[new YamlScalarNode("description")] = new YamlScalarNode(LongDescription);
                }
                parameters.Add(parameter);
            }
        });
        yield return new("enum values and a required list reordered (SortOrder, Wallet)", false, spec =>
        {
            var sortOrder = Map(spec, "components", "schemas", "SortOrder");
            foreach (var key in new[] { "enum", "x-enum-descriptions" })
            {
                var values = Seq(sortOrder, key);
                var reversed = values.Children.Reverse().ToList();
                values.Children.Clear();
                reversed.ForEach(values.Add);
            }
            var required = Seq(Map(spec, "components", "schemas", "Wallet"), "required");
            var requiredReversed = required.Children.Reverse().ToList();
            required.Children.Clear();
            requiredReversed.ForEach(required.Add);
        });
        yield return new("response header documented (X-Request-Id on 200 of GET /wallet)", false, spec =>
        {
            var ok = Map(spec, "paths", Wallet, "get", "responses", "200");
            if (Child(ok, "headers") is null)
            {
                ok.Add("headers", new YamlMappingNode());
            }
            var header = Scalars(("description", "Id of the request, for support."));
            header.Add("schema", Scalars(("type", "string")));
            Map(ok, "headers").Add("X-Request-Id", header);
        });
        yield return new("x-* extensions and examples added (GET /orders, merchant of GET /products/search, Wallet)", false, spec =>
        {
            Map(spec, "paths", Orders, "get").Add("x-codeSamples", new YamlSequenceNode(Scalars(("lang", "curl"), ("source", "curl https://api.ugift.me/api/v1/business/orders"))));
            Parameter(spec, "/api/v1/business/products/search", "merchant").Add("example", "Amazon UK");
            Map(spec, "components", "schemas", "Wallet").Add("x-docs-section", "wallet");
        });
        yield return new("description edited (GET /orders)", false,
            spec => Map(spec, "paths", Orders, "get").Children[new YamlScalarNode("description")] = new YamlScalarNode("Edited."));
    }

    /// <summary>The mutation whose name starts with <paramref name="prefix"/>, breaking or compatible.</summary>
    public static SpecMutation Named(string prefix) =>
        Breaking().Concat(Compatible()).SingleOrDefault(m => m.Name.StartsWith(prefix, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No spec mutation is named '{prefix}...'.");

    private const string LongDescription =
        "Rewritten by the docs team: narrows the result to the given value, matched exactly and case-sensitively; an " +
        "unknown value yields an empty page rather than an error. Combine it with the other filters to refine a search.";

    private static YamlMappingNode Parameter(YamlMappingNode spec, string path, string name) =>
        Seq(Map(spec, "paths", path, "get"), "parameters").Children.OfType<YamlMappingNode>()
            .SingleOrDefault(p => Child(p, "name")?.ToString() == name) ?? throw Missing(name, $"a GET {path} parameter");

    private static YamlMappingNode LimitSchema(YamlMappingNode spec) => Map(spec, "components", "parameters", "Limit", "schema");

    private static void RemoveRequired(YamlMappingNode schema, string member)
    {
        var required = Seq(schema, "required");
        var entry = required.Children.SingleOrDefault(r => r.ToString() == member) ?? throw Missing(member, "a required member");
        required.Children.Remove(entry);
    }

    private static YamlMappingNode InlineObject(string description, string member, string type)
    {
        var variant = Scalars(("type", "object"), ("description", description));
        var schema = Scalars(("type", type));
        if (type == "array")
        {
            schema.Add("items", Scalars(("type", "object")));
        }
        variant.Add("properties", new YamlMappingNode(new YamlScalarNode(member), schema));
        return variant;
    }

    private static YamlMappingNode OrderIdParameter(YamlMappingNode spec) =>
        Seq(Map(spec, "paths", Orders + "/{orderId}", "get"), "parameters").Children.Cast<YamlMappingNode>()
            .SingleOrDefault(p => Child(p, "name")?.ToString() == "orderId") ?? throw Missing("orderId", "a GET /orders/{orderId} parameter");

    private static YamlMappingNode OrderRequestType(YamlMappingNode spec) =>
        Map(spec, "components", "schemas", "OrderRequest", "properties", "type");

    // OrderRequest.result is an open object (any JSON object); this documents it as a oneOf of the given variants.
    private static void OrderRequestResult(YamlMappingNode spec, YamlSequenceNode variants)
    {
        var properties = Map(spec, "components", "schemas", "OrderRequest", "properties");
        var description = Child(Map(properties, "result"), "description") ?? throw Missing("description", "a key of OrderRequest.result");
        properties.Children[new YamlScalarNode("result")] = new YamlMappingNode(
            new YamlScalarNode("description"), description, new YamlScalarNode("oneOf"), variants);
    }

    private static YamlMappingNode Map(YamlMappingNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = Child(node, key) as YamlMappingNode ?? throw Missing(key, "a mapping");
        }
        return node;
    }

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) => Child(node, key) as YamlSequenceNode ?? throw Missing(key, "a sequence");

    private static void Remove(YamlMappingNode node, string key)
    {
        if (!node.Children.Remove(new YamlScalarNode(key)))
        {
            throw Missing(key, "a key");
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    // The spec changed under a mutation: point it at an element that exists rather than let it test nothing.
    private static InvalidOperationException Missing(string key, string kind) =>
        new($"Mutation target '{key}' is no longer {kind} in openapi/ugiftme-business.yaml; update SpecMutations.");

    private static YamlMappingNode Scalars(params (string Key, string Value)[] entries)
    {
        var node = new YamlMappingNode();
        foreach (var (key, value) in entries)
        {
            node.Add(key, value);
        }
        return node;
    }
}
