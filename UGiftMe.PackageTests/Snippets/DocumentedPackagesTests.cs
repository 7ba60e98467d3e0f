namespace UGiftMe.PackageTests.Snippets;

/// <summary>
/// The packages the docs tell users to add exist and restore: each is one this repository ships or one it builds and
/// tests with itself (Directory.Packages.props), and a <c>dotnet add package</c> of another publisher's package names
/// a version that admits the one tested here (without one, the newest is taken, which may target a later .NET).
/// </summary>
public sealed class DocumentedPackagesTests
{
    [Test]
    public void PackagesTheDocsName_AreShippedOrUsedByThisRepository()
    {
        var unknown = DocumentedPackages.All()
            .Where(m => !DocumentedPackages.Shipped.Contains(m.Id) && !DocumentedPackages.Used.ContainsKey(m.Id));

        Assert.That(unknown.Select(m => m.ToString()), Is.Empty,
            "packages that this repository neither ships nor uses: is the name right? (the package is not always named as its namespace)");
    }

    [Test]
    public void AddPackageCommands_ForAnotherPublishersPackage_NameAVersionThatAdmitsTheTestedOne()
    {
        var commands = DocumentedPackages.All().Where(m => m.IsAddCommand && !DocumentedPackages.Shipped.Contains(m.Id)).ToArray();

        Assert.That(commands, Is.Not.Empty, "docs/testing.md adds Microsoft.AspNetCore.Mvc.Testing");
        Assert.That(commands.Where(m => m.Version is null || !DocumentedPackages.Used.TryGetValue(m.Id, out var tested) || !DocumentedPackages.Admits(m.Version, tested))
            .Select(m => $"{m} (tested here: {DocumentedPackages.Used.GetValueOrDefault(m.Id) ?? "none"})"), Is.Empty);
    }

    [Test]
    public void Read_ProseAndCommands_FindsIdsVersionsAndLines()
    {
        var mentions = DocumentedPackages.Read("docs/testing.md").ToArray();

        Assert.That(mentions, Has.Some.Matches<DocumentedPackages.Mention>(m => m is { Id: "UGiftMe.Testing", IsAddCommand: true, Version: null, Line: 6 }));
        Assert.That(mentions, Has.Some.Matches<DocumentedPackages.Mention>(m => m is { Id: "Microsoft.AspNetCore.Mvc.Testing", IsAddCommand: true, Version: "10.0.*" }));
        Assert.That(mentions, Has.Some.Matches<DocumentedPackages.Mention>(m => m is { Id: "Microsoft.AspNetCore.Mvc.Testing", IsAddCommand: false }));
        Assert.That(DocumentedPackages.Shipped, Does.Contain("UGiftMe").And.Contain("UGiftMe.Testing").And.Not.Contain("UGiftMe.Facade"));
    }

    [TestCase("10.0.*", "10.0.15", true)]
    [TestCase("10.0.15", "10.0.15", true)]
    [TestCase("10.*", "10.0.15", true)]
    [TestCase("11.0.*", "10.0.15", false)]
    [TestCase("10.0.1", "10.0.15", false)]
    [TestCase("10.0.1*", "10.0.15", true)]
    public void Admits_ExactOrFloatingVersion_MatchesThePrefix(string requested, string version, bool admitted)
    {
        Assert.That(DocumentedPackages.Admits(requested, version), Is.EqualTo(admitted));
    }
}
