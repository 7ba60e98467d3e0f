using PublicApiGenerator;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.PublicApi;

/// <summary>
/// Each shipping assembly's public API, rendered by PublicApiGenerator (one member per line), must equal the committed
/// snapshot in <c>__snapshots__/</c>. A change to the public surface fails here until a maintainer reviews the text
/// diff and accepts it with <c>dotnet cake --target=AcceptApi</c> (see docs/api-compatibility.md). This half is the
/// rendering, shared with the regeneration tests; the tests are in UGiftMe.ApiSurface.Tests, which needs only the
/// shipping projects to compile.
/// </summary>
public sealed partial class PublicApiSnapshotTests
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

    /// <summary>Snapshooter appends <c>__snapshots__</c> to the folder it is given.</summary>
    internal static string TestFolder => RepositoryRoot.Combine("UGiftMe.Tests", "PublicApi");

    public static string SnapshotFolder => Path.Combine(TestFolder, "__snapshots__");

    public static IEnumerable<string> AssemblyNames() => ShippingAssemblies.Names;

    public static string Render(string assemblyName) => Render(ShippingAssemblies.Load(assemblyName));

    /// <summary>The text the snapshot of <paramref name="assembly"/> holds (also for a build elsewhere, e.g. a regenerated copy).</summary>
    public static string Render(System.Reflection.Assembly assembly) =>
        // PublicApiGenerator throws on an assembly without public types.
        assembly.GetExportedTypes().Length == 0
            ? $"// {assembly.GetName().Name} has no public types.{Environment.NewLine}"
            : assembly.GeneratePublicApi(Options);
}
