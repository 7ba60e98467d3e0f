using PublicApiGenerator;

namespace UGiftMe.Tests.PublicApi;

/// <summary>
/// An assembly's public API as the snapshots hold it (PublicApiGenerator, one member per line). Shared by the snapshot
/// tests of every build: UGiftMe.Tests (net10.0) and UGiftMe.NetStandard.Tests (the netstandard2.0 assets).
/// </summary>
public static class PublicApiText
{
    private static readonly ApiGeneratorOptions Options = new()
    {
        IncludeAssemblyAttributes = false,
        // NSwag stamps its own version into every generated type; that is not API, and NSwag is pinned anyway.
        // The state machines behind async and iterator methods are compiler-generated names, not API.
        ExcludeAttributes =
        [
            "System.CodeDom.Compiler.GeneratedCodeAttribute",
            "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
            "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
            "System.Runtime.CompilerServices.IteratorStateMachineAttribute",
        ],
        // By default extension methods declared in Microsoft.* namespaces (AddUGiftMe, MapUGiftMeWebhooks) are left out.
        UseDenyNamespacePrefixesForExtensionMethods = false,
    };

    public static string Render(System.Reflection.Assembly assembly) =>
        // PublicApiGenerator throws on an assembly without public types.
        assembly.GetExportedTypes().Length == 0
            ? $"// {assembly.GetName().Name} has no public types.{Environment.NewLine}"
            : assembly.GeneratePublicApi(Options);
}
