using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace UGiftMe.PackageTests.Packages;

/// <summary>
/// What nuget.org shows a user, read from the packed .nupkg files: one package to install (plus the receiver), pinned
/// to each other, with a README for users, an icon, release notes from CHANGELOG.md, a copyright, a licence and the
/// repository with its commit; and in lib/, the assemblies without an app's runtimeconfig or deps json.
/// </summary>
public sealed partial class PackageMetadataTests
{
    [Test]
    public void Packages_OfThisRun_AreEveryShippingPackageWithoutAGeneratedPackage()
    {
        var ids = PackedPackages.All().Select(package => package.Id).ToArray();

        Assert.That(ids, Does.Contain("UGiftMe").And.Contain("UGiftMe.AspNetCore").And.Contain("UGiftMe.Redis").And.Contain("UGiftMe.Cli")
            .And.Contain("UGiftMe.Sandbox").And.Contain("UGiftMe.Testing").And.Contain("UGiftMe.Campaigns.Sqlite"));
        Assert.That(ids, Does.Not.Contain("UGiftMe.Generated"), "the generated client is compiled into UGiftMe; users install one package");
    }

    [Test]
    public void Dependencies_OnOurOwnPackages_ArePinnedToTheSameVersionExactly()
    {
        var ownDependencies = PackedPackages.All()
            .SelectMany(package => package.Dependencies.Select(dependency => (Package: package, Id: (string?)dependency.Attribute("id"), Range: (string?)dependency.Attribute("version"))))
            .Where(d => d.Id is not null && d.Id.StartsWith("UGiftMe", StringComparison.Ordinal))
            .ToArray();

        Assert.That(ownDependencies.Select(d => $"{d.Package.Id} -> {d.Id}"), Does.Contain("UGiftMe.AspNetCore -> UGiftMe").And.Contain("UGiftMe.Redis -> UGiftMe")
            .And.Contain("UGiftMe.Testing -> UGiftMe.Sandbox").And.Contain("UGiftMe.Testing -> UGiftMe.AspNetCore")
            .And.Contain("UGiftMe.Campaigns.Sqlite -> UGiftMe"));
        Assert.Multiple(() =>
        {
            foreach (var (package, id, range) in ownDependencies)
            {
                Assert.That(id, Is.Not.EqualTo("UGiftMe.Generated"), $"{package} depends on UGiftMe.Generated");
                Assert.That(range, Is.EqualTo($"[{package.Version}]"), $"{package} -> {id}: our packages ship in lockstep, not >=");
            }
        });
    }

    [Test]
    public void Metadata_OfEveryPackage_HasReadmeIconCopyrightLicenceAndRepositoryCommit()
    {
        var packages = PackedPackages.All();
        Assert.Multiple(() =>
        {
            foreach (var package in packages)
            {
                Assert.That(package.Metadata("readme"), Is.EqualTo("README.md"), $"{package}: readme");
                Assert.That(PackedPackage.ReadEntry(package.Path, "README.md"), Is.Not.Null, $"{package}: README.md in the package");
                Assert.That(package.Metadata("icon"), Is.EqualTo("icon.png"), $"{package}: icon");
                var icon = PackedPackage.ReadEntry(package.Path, "icon.png");
                Assert.That(icon?.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }), $"{package}: icon.png is a PNG");
                Assert.That(package.Metadata("copyright"), Does.StartWith("Copyright"), $"{package}: copyright");
                Assert.That(package.Element("license")?.Value, Is.EqualTo("MIT"), $"{package}: licence");
                Assert.That(package.Metadata("description"), Is.Not.Empty, $"{package}: description");

                var repository = package.Element("repository");
                Assert.That((string?)repository?.Attribute("url"), Is.EqualTo(RepositoryUrl), $"{package}: repository url (from RepositoryUrl, not the clone's remote)");
                Assert.That((string?)repository?.Attribute("commit"), Does.Match("^[0-9a-f]{40}$"), $"{package}: repository commit");
            }
        });
    }

    [Test]
    public void ReleaseNotes_OfEveryPackage_AreTheNewestChangelogSection()
    {
        var changelog = File.ReadAllText(RepositoryRoot.Combine("CHANGELOG.md")).ReplaceLineEndings("\n");
        var newest = NewestSection().Match(changelog).Value.Trim();
        Assert.That(newest, Does.StartWith("## "), "CHANGELOG.md has a '## ' section");

        var packages = PackedPackages.All();
        Assert.Multiple(() =>
        {
            foreach (var package in packages)
            {
                Assert.That(package.Metadata("releaseNotes")?.ReplaceLineEndings("\n"), Does.StartWith(newest).And.EndWith($"{RepositoryUrl}/blob/main/CHANGELOG.md"), $"{package}: releaseNotes");
            }
        });
    }

    [Test]
    public void Readme_OfEveryLibraryPackage_IsWrittenForUsers()
    {
        var packages = PackedPackages.Libraries().ToArray();
        Assert.Multiple(() =>
        {
            foreach (var package in packages)
            {
                var readme = Encoding.UTF8.GetString(PackedPackage.ReadEntry(package.Path, "README.md") ?? []);
                Assert.That(readme, Does.Contain($"dotnet add package {package.Id}\n").Or.Contain($"dotnet add package {package.Id}\r\n"), $"{package}: install line");
                Assert.That(readme, Does.Contain("## Quick start"), $"{package}: quick start");
                Assert.That(readme, Does.Not.Contain("dotnet cake").And.Not.Contain("Repository layout").And.Not.Contain("UGiftMe.Tests"), $"{package}: contributor material");
                var relativeLinks = RelativeLink().Matches(readme).Select(m => m.Groups["target"].Value).ToArray();
                Assert.That(relativeLinks, Is.Empty, $"{package}: links must be absolute (nuget.org has no repository to resolve them against)");
                Assert.That(AnyLink().Matches(readme), Is.Not.Empty, $"{package}: links to the docs");
            }
        });
    }

    [Test]
    public void LibFolder_OfEveryLibraryPackage_HoldsNoRuntimeConfigOrDepsJson()
    {
        // UGiftMe.Sandbox is an Exe packed as a library: the files that run it on its own must stay out of lib/.
        var packages = PackedPackages.Libraries().ToArray();
        Assert.That(packages.Select(package => package.Id), Does.Contain("UGiftMe.Sandbox"));
        Assert.Multiple(() =>
        {
            foreach (var package in packages)
            {
                var lib = PackedPackage.EntryNames(package.Path).Where(name => name.StartsWith("lib/", StringComparison.Ordinal)).ToArray();
                Assert.That(lib, Has.Some.EndsWith(".dll"), $"{package}: assemblies in lib/");
                Assert.That(lib, Has.None.EndsWith(".runtimeconfig.json").And.None.EndsWith(".deps.json"), $"{package}: lib/ holds an app's runtimeconfig or deps json");
            }
        });
    }

    [Test]
    public void ToolPackage_HoldsTheHostFilesOfTheToolAlone()
    {
        // The sandbox runs inside the tool: its own apphost (native to the packing machine), runtimeconfig and deps stay out.
        var tool = PackedPackage.EntryNames(PackedPackages.ById("UGiftMe.Cli").Path).Where(name => name.StartsWith("tools/", StringComparison.Ordinal)).ToArray();

        Assert.That(tool, Has.Some.EndsWith("/UGiftMe.Sandbox.dll"), "the sandbox the tool hosts");
        Assert.That(tool, Has.Some.EndsWith("/UGiftMe.Cli.runtimeconfig.json"), "the tool's own host files");
        Assert.That(tool.Where(name => name.EndsWith(".runtimeconfig.json", StringComparison.Ordinal) || name.EndsWith(".deps.json", StringComparison.Ordinal)),
            Has.All.Contain("/UGiftMe.Cli."));
        Assert.That(tool, Has.None.EndsWith("/UGiftMe.Sandbox").And.None.EndsWith("/UGiftMe.Sandbox.exe"));
    }

    /// <summary>The repository URL declared in Directory.Build.props.</summary>
    private static string RepositoryUrl =>
        XDocument.Load(RepositoryRoot.Combine("Directory.Build.props")).Descendants("RepositoryUrl").Single().Value.Trim();

    [GeneratedRegex(@"(?ms)^## .*?(?=^## |\z)")]
    private static partial Regex NewestSection();

    [GeneratedRegex(@"\]\((?<target>(?!https?://)[^)]*)\)")]
    private static partial Regex RelativeLink();

    [GeneratedRegex(@"\]\(https://[^)]+\)")]
    private static partial Regex AnyLink();
}
