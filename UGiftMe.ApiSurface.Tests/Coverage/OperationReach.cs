using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>
/// What in the spec an operation depends on: its JSON pointer, and every component (parameter, schema, response,
/// header, request body) its definition reaches through <c>$ref</c>s, transitively. A change at or under one of these
/// changes what the operation sends or reads.
/// </summary>
internal static class OperationReach
{
    /// <summary>The JSON pointer of an operation, as the spec diff writes locations: <c>#/paths/~1api~1v1~1business~1wallet/get</c>.</summary>
    public static string Pointer(string path, string method) =>
        $"#/paths/{path.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}/{method.ToLowerInvariant()}";

    /// <summary>The components the operation at <paramref name="path"/> and <paramref name="method"/> reaches, as <c>#/components/...</c> pointers, sorted.</summary>
    public static IReadOnlyList<string> Components(YamlMappingNode spec, string path, string method)
    {
        var pathItem = SpecDocument.Map(spec, "paths", path);
        var reached = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<YamlNode>([SpecDocument.Map(pathItem, method.ToLowerInvariant())]);
        if (pathItem.Children.TryGetValue(new YamlScalarNode("parameters"), out var shared))
        {
            pending.Push(shared);
        }
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        if (key.ToString() == "$ref" && value.ToString() is { } reference && reference.StartsWith("#/components/", StringComparison.Ordinal) && reached.Add(reference))
                        {
                            pending.Push(Resolve(spec, reference));
                        }
                        else
                        {
                            pending.Push(value);
                        }
                    }
                    break;
                case YamlSequenceNode sequence:
                    sequence.Children.ToList().ForEach(pending.Push);
                    break;
            }
        }
        return reached.ToList();
    }

    private static YamlMappingNode Resolve(YamlMappingNode spec, string reference) =>
        SpecDocument.Map(spec, reference[2..].Split('/').Select(part => part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray());
}
