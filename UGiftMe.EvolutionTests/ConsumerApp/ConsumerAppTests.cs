using System.Runtime.InteropServices;
using UGiftMe.PackageTests.Packages;
using UGiftMe.PackageTests.Snippets;
using UGiftMe.PackageTests.TestSupport;

namespace UGiftMe.EvolutionTests.ConsumerApp;

/// <summary>
/// A new user's first minutes, from the packed packages only: <c>dotnet new console</c> in an empty folder outside the
/// repository (no Directory.Build.*, no central package versions), a nuget.config whose only extra source is this
/// run's package folder, a packages folder of its own (so no cached UGiftMe of an earlier build is used),
/// <c>dotnet add package UGiftMe</c>, and README.md's quick start pasted verbatim as Program.cs.
/// </summary>
[NonParallelizable]
public sealed class ConsumerAppTests
{
    private string _app = null!;
    private DotNetCli.Result _build = null!;

    [OneTimeSetUp]
    public async Task CreateConsumerApp()
    {
        var version = PackedPackages.ById("UGiftMe").Version;
        var root = Directory.CreateTempSubdirectory("ugiftme-consumer-").FullName;
        _app = Path.Combine(root, "QuickStart");

        await Succeeds(root, "new", "console", "--name", "QuickStart", "--output", _app, "--no-restore");
        await PackedPackages.WriteNuGetConfigAsync(_app, root);
        await Succeeds(_app, "add", "package", "UGiftMe", "--version", version);
        await File.WriteAllTextAsync(Path.Combine(_app, "Program.cs"), MarkdownSnippets.QuickStart().Code);
        _build = await DotNetCli.RunAsync(_app, "build", "-c", "Release");
    }

    [OneTimeTearDown]
    public void DeleteConsumerApp()
    {
        if (_app is not null && Directory.GetParent(_app) is { Exists: true } root)
        {
            root.Delete(recursive: true);
        }
    }

    [Test]
    public void QuickStart_FromReadmeInNewConsoleApp_CompilesAgainstThePackages()
    {
        Assert.That(_build.ExitCode, Is.Zero, _build.ToString);
        Assert.That(_build.Output, Does.Contain(" 0 Error(s)").Or.Contain("Build succeeded"), _build.ToString);
        Assert.That(File.Exists(Path.Combine(_app, "obj", "project.assets.json")), Is.True);
        Assert.That(File.ReadAllText(Path.Combine(_app, "obj", "project.assets.json")), Does.Contain(PackedPackages.Folder.TrimEnd('/')), "UGiftMe was restored from this run's packages");
    }

    [Test]
    public async Task TrimmedPublish_OfConsumerApp_WarnsAtBuildInsteadOfFailingAtRunTime()
    {
        var publish = await DotNetCli.RunAsync(_app,
            "publish", "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained",
            "-p:PublishTrimmed=true", "-p:EnableAotAnalyzer=true", "-o", Path.Combine(_app, "trimmed"));

        Assert.That(publish.ExitCode, Is.Zero, publish.ToString);
        var warnings = publish.Output.Split('\n').Where(line => line.Contains("warning IL", StringComparison.Ordinal)).ToArray();
        Assert.That(warnings, Has.Some.Contains("IL2026").And.Contains("UGiftMe.UGiftMeClient.UGiftMeClient("), publish.ToString);
        Assert.That(warnings, Has.Some.Contains("IL3050").And.Contains("UGiftMe.UGiftMeClient.UGiftMeClient("), publish.ToString);
        Assert.That(warnings.Where(w => w.Contains("IL2026", StringComparison.Ordinal)), Has.Some.Contains("docs/trimming.md"), "the warning says where to read more");
    }

    private static async Task Succeeds(string folder, params string[] arguments)
    {
        var result = await DotNetCli.RunAsync(folder, arguments);
        Assert.That(result.ExitCode, Is.Zero, () => $"dotnet {string.Join(' ', arguments)}: {result}");
    }
}
