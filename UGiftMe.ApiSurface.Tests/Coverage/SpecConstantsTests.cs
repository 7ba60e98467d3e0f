using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace UGiftMe.Tests.PublicApi.Coverage;

/// <summary>
/// Every value the SDK or the sandbox copies from the spec (base addresses, limits, defaults) equals what the spec
/// says now; a provider change to one fails here with the list of values to update.
/// </summary>
public sealed class SpecConstantsTests
{
    [Test]
    public void ValuesCopiedFromTheSpec_ComparedWithTheSpec_AreEqual()
    {
        var spec = SpecDocument.Spec;
        var servers = ((YamlSequenceNode)spec.Children[new YamlScalarNode("servers")]).Children.Cast<YamlMappingNode>()
            .ToDictionary(server => SpecDocument.Scalar(server, "description"), server => new Uri(SpecDocument.Scalar(server, "url") + "/"));
        var keyLimit = SpecDocument.Map(spec, "components", "parameters", "IdempotencyKey", "schema");
        var sandboxOrders = typeof(UGiftMe.Sandbox.SandboxServer).Assembly.GetType("UGiftMe.Sandbox.Orders.OrderEndpoints", throwOnError: true)!;
        var copies = new (string Where, object? Value, string SpecSays)[]
        {
            ("UGiftMeClientOptions.ProductionBaseAddress", UGiftMeClientOptions.ProductionBaseAddress, servers["Production"].ToString()),
            ("UGiftMeClientOptions.SandboxBaseAddress", UGiftMeClientOptions.SandboxBaseAddress, servers["Sandbox"].ToString()),
            ("OrderCreateOptions.MaxIdempotencyKeyLength (facade)", Constant(typeof(OrderCreateOptions), "MaxIdempotencyKeyLength"), SpecDocument.Scalar(keyLimit, "maxLength")),
            ("OrderEndpoints.MaxIdempotencyKeyLength (sandbox)", Constant(sandboxOrders, "MaxIdempotencyKeyLength"), SpecDocument.Scalar(keyLimit, "maxLength")),
            ("OrderEndpoints.DefaultSortField (sandbox)", Constant(sandboxOrders, "DefaultSortField"),
                SpecDocument.Scalar(SpecDocument.Map(spec, "components", "parameters", "SortBy", "schema"), "default")),
            ("OrderEndpoints.DefaultSortOrder (sandbox)", Constant(sandboxOrders, "DefaultSortOrder"),
                SpecDocument.Scalar(SpecDocument.Map(spec, "components", "schemas", "SortOrder"), "default")),
        };

        var drifted = copies
            .Where(copy => !string.Equals(Convert.ToString(copy.Value, System.Globalization.CultureInfo.InvariantCulture), copy.SpecSays, StringComparison.Ordinal))
            .Select(copy => $"{copy.Where} is {copy.Value}, the spec says {copy.SpecSays}")
            .ToList();

        Assert.That(drifted, Is.Empty, "values copied from openapi/ugiftme-business.yaml that no longer match it");
    }

    private static object? Constant(Type type, string name) =>
        (type.GetField(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{type.FullName}.{name} is gone; update this check with where the value lives now.")).GetValue(null);
}
