using System.Xml.Linq;
using Snapshooter;
using Snapshooter.NUnit;
using UGiftMe.Tests.TestSupport;

namespace UGiftMe.Tests.PublicApi;

public sealed partial class PublicApiSnapshotTests
{
    [TestCaseSource(nameof(AssemblyNames))]
    public void PublicApi_ComparedWithCommittedSnapshot_IsUnchanged(string assemblyName)
    {
        Snapshot.Match(Render(assemblyName), new SnapshotFullName($"{assemblyName}.PublicApi.snap", TestFolder));
    }

    [TestCaseSource(nameof(AssemblyNames))]
    public void PublicApi_EveryPublicTypeAndMember_IsInTheRecord(string assemblyName)
    {
        var record = Render(assemblyName);
        var missing = PublicApiRecord.MissingFrom(record, ShippingAssemblies.Load(assemblyName));

        Assert.That(missing, Is.Empty, $"public API of {assemblyName} that the snapshot does not show");
        Assert.That(record, Does.Not.Match(@"<\w+>[a-z]__\d+"), "compiler-generated names are not API");
    }

    [Test]
    public void ShippingAssemblies_ComparedWithShippingProjects_ListEveryOne()
    {
        // Projects live one folder below the root (as build.cake's ShippingProjects assumes); artifacts/ holds copies.
        var shippingProjects = Directory
            .EnumerateDirectories(RepositoryRoot.Path)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj"))
            .Select(path => (Path: path, Project: XDocument.Load(path)))
            // A .NET tool (UGiftMe.Cli) ships as a command, not as a library: it has no public API to snapshot.
            .Where(p => Property(p.Project, "IsShipping") == "true" && Property(p.Project, "PackAsTool") != "true")
            .Select(p => Property(p.Project, "AssemblyName") ?? Path.GetFileNameWithoutExtension(p.Path))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.That(
            shippingProjects,
            Is.EqualTo(ShippingAssemblies.Names.Order(StringComparer.Ordinal).ToArray()),
            "every project with <IsShipping>true</IsShipping> needs a line in ShippingAssemblies.Names");
    }

    [Test]
    public void SnapshotFolder_ComparedWithShippingAssemblies_HoldsNoStaleSnapshot()
    {
        var snapshots = Directory.EnumerateFiles(SnapshotFolder, "*.PublicApi.snap")
            .Select(path => Path.GetFileName(path)[..^".PublicApi.snap".Length])
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.That(snapshots, Is.EqualTo(ShippingAssemblies.Names.Order(StringComparer.Ordinal).ToArray()));
    }

    private static string? Property(XDocument project, string name) =>
        project.Descendants(name).Select(element => element.Value.Trim()).LastOrDefault();
}
