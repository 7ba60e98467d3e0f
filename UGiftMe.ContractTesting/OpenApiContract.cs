using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NSwag;

namespace UGiftMe.ContractTesting;

/// <summary>
/// An OpenAPI description loaded for checking traffic: which operation a request hits, whether its JSON body fits
/// the request schema, whether the response status is declared and whether the response body fits its schema.
/// </summary>
public sealed class OpenApiContract
{
    private const string EmbeddedBusinessApi = "UGiftMe.ContractTesting.ugiftme-business.yaml";
    private readonly List<Template> _templates;

    private OpenApiContract(OpenApiDocument document)
    {
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

    /// <summary>Checks a request: a matching operation exists and a JSON body fits its schema.</summary>
    /// <param name="method">The method.</param>
    /// <param name="uri">The absolute request URI.</param>
    /// <param name="body">The body text, if any.</param>
    /// <returns>The violations; empty when the request fits.</returns>
    public IReadOnlyList<ContractViolation> CheckRequest(HttpMethod method, Uri uri, string? body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        List<ContractViolation> violations = [];
        var operation = Match(method, uri, violations, out var name);
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
        var operation = Match(method, uri, [], out var name);
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

    private OpenApiOperation? Match(HttpMethod method, Uri uri, List<ContractViolation> violations, out string? name)
    {
        name = null;
        var segments = uri.AbsolutePath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var template = _templates.FirstOrDefault(t => t.Matches(segments));
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

    private static string Describe(NJsonSchema.Validation.ValidationError error) =>
        error is NJsonSchema.Validation.ChildSchemaValidationError child
            ? $"{error.Kind} at {error.Path}: "
              + string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe))
            : $"{error.Kind} at {(string.IsNullOrEmpty(error.Path) ? "#" : error.Path)}";

    private sealed record Template(string Path, string[] Segments, OpenApiPathItem Item)
    {
        public bool Matches(string[] requestSegments)
        {
            if (requestSegments.Length < Segments.Length)
            {
                return false;
            }

            var offset = requestSegments.Length - Segments.Length;
            for (var i = 0; i < Segments.Length; i++)
            {
                var expected = Segments[i];
                if (!expected.StartsWith('{')
                    && !string.Equals(expected, requestSegments[offset + i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
