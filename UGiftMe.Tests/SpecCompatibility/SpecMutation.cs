using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.SpecCompatibility;

/// <summary>A named edit of the spec's YAML tree and whether an API consumer built against the original would break.</summary>
public sealed record SpecMutation(string Name, bool IsBreaking, Action<YamlMappingNode> Apply)
{
    public override string ToString() => Name;
}
