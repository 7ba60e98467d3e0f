using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.SpecCompatibility;

/// <summary>
/// A named edit of the spec's YAML tree and whether an API consumer built against the original would break; when
/// <paramref name="Rule"/> is given, the spec check must name that rule (so a verdict cannot be right by accident).
/// <paramref name="Baseline"/>, when given, is applied to both sides first: the spec as it would have been before the
/// change (e.g. a default that ours does not document).
/// </summary>
public sealed record SpecMutation(string Name, bool IsBreaking, Action<YamlMappingNode> Apply, string? Rule = null, Action<YamlMappingNode>? Baseline = null)
{
    public override string ToString() => Name;
}
