namespace UGiftMe.PackageTests.Packages;

/// <summary>
/// The folder of this run's packages, named by <c>UGIFTME_PACKAGES</c>: the cake Pack target cleans and fills
/// artifacts/packages and the default run (and <c>--target=PackageTests</c>) passes it. A plain <c>dotnet test</c>
/// sets no folder, and these tests report themselves skipped rather than check packages of an older build.
/// </summary>
public static class PackedPackages
{
    public const string FolderVariable = "UGIFTME_PACKAGES";

    public static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable(FolderVariable);
            if (string.IsNullOrWhiteSpace(folder))
            {
                Assert.Ignore($"{FolderVariable} is not set: the package tests run in `dotnet tool restore && dotnet cake` (or --target=PackageTests), after Pack.");
            }
            Assert.That(Directory.Exists(folder), Is.True, $"{FolderVariable}={folder} does not exist; run the cake Pack target.");
            return folder!;
        }
    }

    public static IReadOnlyList<PackedPackage> All()
    {
        var packages = Directory.EnumerateFiles(Folder, "*.nupkg").Order(StringComparer.Ordinal).Select(PackedPackage.Read).ToArray();
        Assert.That(packages, Is.Not.Empty, $"no .nupkg in {Folder}");
        return packages;
    }

    public static PackedPackage ById(string id) =>
        All().SingleOrDefault(package => package.Id == id) ?? throw new AssertionException($"{id} was not packed into {Folder}.");

    /// <summary>
    /// Writes a nuget.config into <paramref name="folder"/> that restores from this run's packages (beside nuget.org,
    /// for their dependencies) into a packages folder of the consumer's own under <paramref name="root"/>, so no
    /// package of an earlier build is picked up from the machine's shared folder.
    /// </summary>
    public static Task WriteNuGetConfigAsync(string folder, string root) =>
        File.WriteAllTextAsync(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(root, "packages")}" />
              </config>
              <packageSources>
                <add key="ugiftme-packed" value="{Folder}" />
              </packageSources>
            </configuration>
            """);

    /// <summary>Packages a user adds to a project (a .NET tool package is installed, not referenced).</summary>
    public static IEnumerable<PackedPackage> Libraries() =>
        All().Where(package => !package.Nuspec.Descendants().Any(e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetTool"));
}
