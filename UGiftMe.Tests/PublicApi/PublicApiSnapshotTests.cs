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
    /// <summary>Snapshooter appends <c>__snapshots__</c> to the folder it is given.</summary>
    internal static string TestFolder => RepositoryRoot.Combine("UGiftMe.Tests", "PublicApi");

    public static string SnapshotFolder => Path.Combine(TestFolder, "__snapshots__");

    public static IEnumerable<string> AssemblyNames() => ShippingAssemblies.Names;

    public static string Render(string assemblyName) => Render(ShippingAssemblies.Load(assemblyName));

    /// <summary>The text the snapshot of <paramref name="assembly"/> holds (also for a build elsewhere, e.g. a regenerated copy).</summary>
    public static string Render(System.Reflection.Assembly assembly) => PublicApiText.Render(assembly);
}
