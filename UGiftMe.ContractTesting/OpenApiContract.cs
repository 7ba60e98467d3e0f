using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NSwag;

namespace UGiftMe.ContractTesting;

/// <summary>
/// An OpenAPI description loaded for checking traffic: which operation a request hits (the path must match a template
/// exactly, segment for segment), whether its path, query and header parameters and its JSON body fit their schemas
/// (required ones present, no undeclared query parameter), whether the response status is declared and whether the
/// response body fits its schema.
/// </summary>
public sealed class OpenApiContract
{
    private const string EmbeddedBusinessApi = "UGiftMe.ContractTesting.ugiftme-business.yaml";
    private readonly List<Template> _templates;

    private OpenApiContract(OpenApiDocument document)
    {
        KeepRequirementsOverReferences(document);
        Document = document;
        _templates =
        [
            .. document.Paths
                .Select(path => new Template(path.Key, path.Key.Trim('/').Split('/'), path.Value))
                .OrderByDescending(t => t.Segments.Count(s => !s.StartsWith('{')))
                .ThenByDescending(t => t.Segments.Length),
        ];
    }

    /// <summary>The parsed description.</summary>
    public OpenApiDocument Document { get; }

    /// <summary>Loads the UGiftMe Business API description this assembly embeds (<c>openapi/ugiftme-business.yaml</c>).</summary>
    /// <returns>The contract.</returns>
    public static async Task<OpenApiContract> LoadBusinessApiAsync()
    {
        using var stream = typeof(OpenApiContract).Assembly.GetManifestResourceStream(EmbeddedBusinessApi)
            ?? throw new InvalidOperationException($"Embedded resource {EmbeddedBusinessApi} is missing.");
        using var reader = new StreamReader(stream);
        var yaml = await reader.ReadToEndAsync().ConfigureAwait(false);
        return new OpenApiContract(await OpenApiYamlDocument.FromYamlAsync(yaml).ConfigureAwait(false));
    }

    /// <summary>Loads a description from a YAML or JSON file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The contract.</returns>
    public static async Task<OpenApiContract> LoadAsync(string path)
    {
        var document = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? await OpenApiDocument.FromFileAsync(path).ConfigureAwait(false)
            : await OpenApiYamlDocument.FromFileAsync(path).ConfigureAwait(false);
        return new OpenApiContract(document);
    }

    /// <summary>
    /// Checks a request: a matching operation exists, its parameters (path, query and, when
    /// <paramref name="headers"/> are given, header) fit their schemas, and a JSON body fits its schema.
    /// </summary>
    /// <param name="method">The method.</param>
    /// <param name="uri">The absolute request URI.</param>
    /// <param name="body">The body text, if any.</param>
    /// <param name="headers">The request headers, to check the operation's header parameters; none checked when null.</param>
    /// <returns>The violations; empty when the request fits.</returns>
    public IReadOnlyList<ContractViolation> CheckRequest(
        HttpMethod method, Uri uri, string? body, IEnumerable<KeyValuePair<string, IEnumerable<string>>>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        List<ContractViolation> violations = [];
        var operation = Match(method, uri, violations, out var name, out var template);
        if (operation is not null)
        {
            CheckParameters(operation, template!, method, uri, headers, name, violations);
        }

        var schema = operation?.RequestBody?.Content
            .FirstOrDefault(c => c.Key.StartsWith("application/json", StringComparison.Ordinal)).Value?.Schema;
        if (operation is null || schema is null)
        {
            return violations;
        }

        if (string.IsNullOrEmpty(body))
        {
            if (operation.RequestBody!.IsRequired)
            {
                violations.Add(new(method.Method, uri.AbsolutePath, name, null, "Request body is required."));
            }

            return violations;
        }

        Validate(schema, body, "Request body", method, uri, name, null, violations);
        return violations;
    }

    /// <summary>Checks a response: its status is declared for the operation and a JSON body fits its schema.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="uri">The absolute request URI.</param>
    /// <param name="statusCode">The response status.</param>
    /// <param name="contentType">The response media type, if any.</param>
    /// <param name="body">The response body text, if any.</param>
    /// <returns>The violations; empty when the response fits.</returns>
    public IReadOnlyList<ContractViolation> CheckResponse(
        HttpMethod method, Uri uri, int statusCode, string? contentType, string? body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        List<ContractViolation> violations = [];
        var operation = Match(method, uri, [], out var name, out _);
        if (operation is null)
        {
            return violations;
        }

        var code = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var responses = operation.ActualResponses;
        if (!responses.TryGetValue(code, out var response)
            && !responses.TryGetValue(code[0] + "XX", out response)
            && !responses.TryGetValue("default", out response))
        {
            violations.Add(new(
                method.Method, uri.AbsolutePath, name, statusCode,
                $"Status {statusCode} is not declared (declared: {string.Join(", ", responses.Keys)})."));
            return violations;
        }

        var json = response.ActualResponse.Content
            .FirstOrDefault(c => c.Key.StartsWith("application/json", StringComparison.Ordinal));
        if (json.Value?.Schema is not { } schema)
        {
            return violations;
        }

        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add(new(
                method.Method, uri.AbsolutePath, name, statusCode,
                $"Content-Type is '{contentType}', the contract declares application/json."));
            return violations;
        }

        Validate(schema, body ?? string.Empty, "Response body", method, uri, name, statusCode, violations);
        return violations;
    }

    private OpenApiOperation? Match(
        HttpMethod method, Uri uri, List<ContractViolation> violations, out string? name, out Template? template)
    {
        name = null;
        var segments = uri.AbsolutePath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        template = _templates.FirstOrDefault(t => t.Matches(segments));
        if (template is null)
        {
            violations.Add(new(method.Method, uri.AbsolutePath, null, null, "No path in the contract matches."));
            return null;
        }

        var key = method.Method.ToLowerInvariant();
        if (!template.Item.TryGetValue(key, out var operation))
        {
            violations.Add(new(
                method.Method, uri.AbsolutePath, null, null,
                $"{template.Path} has no {method.Method} operation in the contract."));
            return null;
        }

        name = $"{method.Method} {template.Path}";
        return operation;
    }

    private static void CheckParameters(
        OpenApiOperation operation,
        Template template,
        HttpMethod method,
        Uri uri,
        IEnumerable<KeyValuePair<string, IEnumerable<string>>>? headers,
        string? name,
        List<ContractViolation> violations)
    {
        void Add(string message) => violations.Add(new(method.Method, uri.AbsolutePath, name, null, message));

        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var headerValues = headers?
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.SelectMany(h => h.Value).ToList(), StringComparer.OrdinalIgnoreCase);
        var parameters = operation.ActualParameters.Select(p => p.ActualParameter).ToList();
        foreach (var parameter in parameters)
        {
            if (parameter.Kind is not (OpenApiParameterKind.Path or OpenApiParameterKind.Query or OpenApiParameterKind.Header))
            {
                continue; // the request body is checked against its schema below
            }

            IReadOnlyList<string>? values = parameter.Kind switch
            {
                OpenApiParameterKind.Path => template.PathValue(parameter.Name, uri) is { } value ? [value] : null,
                OpenApiParameterKind.Query => query.GetValues(parameter.Name),
                OpenApiParameterKind.Header when headerValues is not null =>
                    headerValues.TryGetValue(parameter.Name, out var list) ? list : null,
                _ => [], // headers not given: not checked
            };
            var where = $"{parameter.Kind} parameter {parameter.Name}";
            if (values is null || values.Count == 0)
            {
                if (parameter.IsRequired)
                {
                    Add($"{where} is required and missing.");
                }

                continue;
            }

            if (values.Count > 1 && parameter.ActualSchema.Type != JsonObjectType.Array)
            {
                Add($"{where} is given {values.Count} times; the contract declares one value.");
                continue;
            }

            var schema = parameter.ActualSchema;
            if (ParameterToken(schema, values[0]) is not { } token)
            {
                Add($"{where}: '{values[0]}' is not {schema.Type.ToString().ToLowerInvariant()}.");
                continue;
            }

            foreach (var error in schema.Validate(token))
            {
                Add($"{where}: '{values[0]}': {Describe(error)}");
            }
        }

        foreach (var key in query.AllKeys)
        {
            if (!parameters.Any(p => p.Kind == OpenApiParameterKind.Query && p.Name == key))
            {
                Add($"Query parameter {key ?? "(without a name)"} is not declared by the contract.");
            }
        }
    }

    // A parameter arrives as text; read it as the JSON value its schema types so the schema's constraints apply.
    private static JValue? ParameterToken(JsonSchema schema, string text)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (schema.Type.HasFlag(JsonObjectType.Integer))
        {
            return long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out var integer) ? new JValue(integer) : null;
        }

        if (schema.Type.HasFlag(JsonObjectType.Number))
        {
            return decimal.TryParse(text, System.Globalization.NumberStyles.Number, invariant, out var number) ? new JValue(number) : null;
        }

        if (schema.Type.HasFlag(JsonObjectType.Boolean))
        {
            return text switch { "true" => new JValue(true), "false" => new JValue(false), _ => null };
        }

        return new JValue(text);
    }

    private static void Validate(
        JsonSchema schema,
        string body,
        string what,
        HttpMethod method,
        Uri uri,
        string? operation,
        int? statusCode,
        List<ContractViolation> violations)
    {
        JToken token;
        try
        {
            using var reader = new JsonTextReader(new StringReader(body)) { DateParseHandling = DateParseHandling.None };
            token = JToken.ReadFrom(reader);
        }
        catch (JsonReaderException exception)
        {
            violations.Add(new(method.Method, uri.AbsolutePath, operation, statusCode, $"{what} is not JSON: {exception.Message}"));
            return;
        }

        foreach (var error in schema.ActualSchema.Validate(token))
        {
            violations.Add(new(method.Method, uri.AbsolutePath, operation, statusCode, $"{what}: {Describe(error)}"));
        }
    }

    // NJsonSchema reads a schema that is an `allOf` of one `$ref` as that reference and drops what the schema adds to it.
    // The spec adds `required` that way (BusinessOrder over BusinessOrderMembers, the 201 and 202 answers of the
    // creates over their shared schema, which keeps one generated type for both). Typed as an object, such a schema is
    // checked as written: the referenced part and the requirements.
    private static void KeepRequirementsOverReferences(OpenApiDocument document)
    {
        var responseSchemas = document.Paths.Values
            .SelectMany(item => item.Values)
            .SelectMany(operation => operation.Responses.Values)
            .SelectMany(response => response.ActualResponse.Content.Values)
            .Select(media => media.Schema);
        foreach (var schema in document.Components.Schemas.Values.Concat(responseSchemas))
        {
            if (schema is { HasAllOfSchemaReference: true, RequiredProperties.Count: > 0 })
            {
                schema.Type = JsonObjectType.Object;
            }
        }
    }

    private static string Describe(NJsonSchema.Validation.ValidationError error) =>
        error is NJsonSchema.Validation.ChildSchemaValidationError child
            ? $"{error.Kind} at {error.Path}: "
              + string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe))
            : $"{error.Kind} at {(string.IsNullOrEmpty(error.Path) ? "#" : error.Path)}";

    private sealed record Template(string Path, string[] Segments, OpenApiPathItem Item)
    {
        // Exactly: as many segments as the template, literal ones equal, a {parameter} one non-empty. A request to
        // /v2/api/v1/business/wallet or /api/v1/business/wallet/extra hits no operation.
        public bool Matches(string[] requestSegments) =>
            requestSegments.Length == Segments.Length
            && Segments.Zip(requestSegments).All(pair => pair.First.StartsWith('{')
                ? pair.Second.Length > 0
                : string.Equals(pair.First, pair.Second, StringComparison.Ordinal));

        public string? PathValue(string parameter, Uri uri)
        {
            var index = Array.IndexOf(Segments, "{" + parameter + "}");
            return index < 0 ? null : Uri.UnescapeDataString(uri.AbsolutePath.Trim('/').Split('/')[index]);
        }
    }
}
