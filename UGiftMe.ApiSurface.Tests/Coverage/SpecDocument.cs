using UGiftMe.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>openapi/ugiftme-business.yaml as a YAML tree, with the few lookups the coverage checks need.</summary>
internal static class SpecDocument
{
    private static readonly Lazy<YamlMappingNode> Root = new(Load);

    public static YamlMappingNode Spec => Root.Value;

    /// <summary>Every operation under <c>paths</c>: method, path and operationId.</summary>
    public static IEnumerable<(string Method, string Path, string OperationId)> Operations() =>
        from path in Map(Spec, "paths").Children
        from operation in ((YamlMappingNode)path.Value).Children
        where operation.Value is YamlMappingNode && operation.Key.ToString() is "get" or "put" or "post" or "delete" or "patch"
        select (operation.Key.ToString().ToUpperInvariant(), path.Key.ToString(), Scalar((YamlMappingNode)operation.Value, "operationId"));

    public static YamlMappingNode Map(YamlMappingNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            node = node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlMappingNode map
                ? map
                : throw new InvalidOperationException($"openapi/ugiftme-business.yaml has no mapping '{key}' where a coverage check reads it.");
        }
        return node;
    }

    public static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlScalarNode { Value: { } value }
            ? value
            : throw new InvalidOperationException($"openapi/ugiftme-business.yaml has no scalar '{key}' where a coverage check reads it.");

    /// <summary>A fresh tree of the spec, for a test to edit (the mutation tests of the checks).</summary>
    public static YamlMappingNode Copy() => Load();

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(RepositoryRoot.Combine("openapi", "ugiftme-business.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
