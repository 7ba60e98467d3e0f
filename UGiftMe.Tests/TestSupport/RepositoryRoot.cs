namespace UGiftMe.Tests.TestSupport;

/// <summary>
/// The repository's root folder, found by walking up from the test assembly to <c>UGiftMe.slnx</c>. Source paths in
/// PDBs and <c>[CallerFilePath]</c> are rewritten to <c>/_/</c> in CI builds (ContinuousIntegrationBuild), so tests
/// that read or write committed files locate them from here instead. Internal: every test project that needs it compiles
/// this file (linked), so a project that references two of them sees one <c>RepositoryRoot</c>, its own.
/// </summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "UGiftMe.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"UGiftMe.slnx was not found above {TestContext.CurrentContext.TestDirectory}; run the tests from a clone of the repository.");
    }
}
