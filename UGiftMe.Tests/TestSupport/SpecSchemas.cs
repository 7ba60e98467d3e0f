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
                    found.Add(new Property(((YamlScalarNode)name).Value!, ((YamlScalarNode)property).Value!, TypeOf(mapping), description));
                }
            }
        }

        return found;
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
