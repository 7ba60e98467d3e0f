using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.TestSupport;

/// <summary>The properties of the spec's <c>components/schemas</c>, read from the YAML for tests that check models against it.</summary>
public static class SpecSchemas
{
    private static readonly Lazy<IReadOnlyList<Property>> BusinessApi = new(() => Read(RepositoryRoot.Combine("openapi", "ugiftme-business.yaml")));

    /// <summary>The properties of <c>openapi/ugiftme-business.yaml</c>.</summary>
    public static IReadOnlyList<Property> All => BusinessApi.Value;

    /// <summary>A schema property of the spec: the schema's name, the JSON name, the spec's type and description.</summary>
    public sealed record Property(string Schema, string JsonName, string Type, string? Description = null)
    {
        public string PascalName => char.ToUpperInvariant(JsonName.TrimStart('_')[0]) + JsonName.TrimStart('_')[1..];

        public override string ToString() => $"{Schema}.{JsonName} ({Type})";
    }

    /// <summary>
    /// Every property of every schema under <c>components/schemas</c>, inline <c>allOf</c> parts included; an array's
    /// type is <c>array of X</c>.
    /// </summary>
    public static IReadOnlyList<Property> Read(string specPath)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(specPath))
        {
            yaml.Load(reader);
        }

        var schemas = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["components"])["schemas"];
        var classNames = ClassNames(schemas);
        var found = new List<Property>();
        foreach (var (name, schema) in schemas.Children)
        {
            var parts = new List<YamlMappingNode> { (YamlMappingNode)schema };
            if (((YamlMappingNode)schema).Children.TryGetValue("allOf", out var allOf))
            {
                parts.AddRange(((YamlSequenceNode)allOf).Children.OfType<YamlMappingNode>());
            }

            foreach (var part in parts)
            {
                if (!part.Children.TryGetValue("properties", out var properties))
                {
                    continue;
                }

                foreach (var (property, definition) in ((YamlMappingNode)properties).Children)
                {
                    var mapping = (YamlMappingNode)definition;
                    var description = mapping.Children.TryGetValue("description", out var text) ? ((YamlScalarNode)text).Value : null;
                    var schemaName = ((YamlScalarNode)name).Value!;
                    found.Add(new Property(classNames.GetValueOrDefault(schemaName, schemaName), ((YamlScalarNode)property).Value!, TypeOf(mapping), description));
                }
            }
        }

        return found;
    }

    // A schema that is an `allOf` of one `$ref` and adds only constraints (`required`) is, to NSwag, the referenced schema
    // under another name, and NSwag names the class after the first of them in the document: BusinessOrder (required
    // members over BusinessOrderMembers, which comes after it) makes the class of BusinessOrderMembers' properties
    // BusinessOrder. The model name of each such referenced schema, by schema name.
    private static Dictionary<string, string> ClassNames(YamlMappingNode schemas)
    {
        var order = schemas.Children.Keys.Select((key, index) => (Name: ((YamlScalarNode)key).Value!, Index: index)).ToDictionary(p => p.Name, p => p.Index);
        var names = new Dictionary<string, string>();
        foreach (var (key, node) in schemas.Children)
        {
            var alias = ((YamlScalarNode)key).Value!;
            if (node is YamlMappingNode schema
                && !schema.Children.ContainsKey("properties") && !schema.Children.ContainsKey("type")
                && schema.Children.TryGetValue("allOf", out var allOf) && allOf is YamlSequenceNode { Children.Count: 1 } parts
                && parts[0] is YamlMappingNode { Children.Count: 1 } reference && reference.Children.TryGetValue("$ref", out var target))
            {
                var referenced = ((YamlScalarNode)target).Value!.Split('/')[^1];
                if (order.TryGetValue(referenced, out var at) && order[alias] < at && !names.ContainsKey(referenced))
                {
                    names[referenced] = alias;
                }
            }
        }

        return names;
    }

    private static string TypeOf(YamlMappingNode definition)
    {
        if (!definition.Children.TryGetValue("type", out var type))
        {
            return definition.Children.ContainsKey("$ref") ? "ref" : "any";
        }

        var name = ((YamlScalarNode)type).Value!;
        return name == "array" && definition.Children.TryGetValue("items", out var items)
            ? "array of " + TypeOf((YamlMappingNode)items)
            : name;
    }
}
