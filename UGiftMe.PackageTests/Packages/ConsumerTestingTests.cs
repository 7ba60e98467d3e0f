using System.Text.RegularExpressions;
using System.Xml.Linq;
using UGiftMe.PackageTests.Snippets;
using UGiftMe.PackageTests.TestSupport;

namespace UGiftMe.PackageTests.Packages;

/// <summary>
/// The testing kit as a user gets it, from the packed packages only: <c>dotnet new web</c> (the app, referencing
/// UGiftMe.AspNetCore) and <c>dotnet new xunit</c> (its tests, referencing UGiftMe.Testing, and
/// Microsoft.AspNetCore.Mvc.Testing added with the very command docs/testing.md gives) in an empty folder outside the
/// repository, with a nuget.config whose only extra source is this run's package folder and a packages folder of its
/// own. The sources are ConsumerTesting/Shop and ConsumerTesting/Shop.Tests; the tests run with <c>dotnet test</c>, and
/// their TRX results are checked here.
/// </summary>
[NonParallelizable]
public sealed partial class ConsumerTestingTests
{
    private string _root = null!;
    private DotNetCli.Result _run = null!;
    private XDocument? _trx;

    private static string Sources => RepositoryRoot.Combine("UGiftMe.PackageTests", "ConsumerTesting");

    [OneTimeSetUp]
    public async Task BuildAndTestTheConsumerProject()
    {
        var version = PackedPackages.ById("UGiftMe.Testing").Version;
        _root = Directory.CreateTempSubdirectory("ugiftme-testing-consumer-").FullName;
        await PackedPackages.WriteNuGetConfigAsync(_root, _root);

        var shop = Path.Combine(_root, "Shop");
        var tests = Path.Combine(_root, "Shop.Tests");
        await Succeeds(_root, "new", "web", "--name", "Shop", "--output", shop, "--no-restore");
        await Succeeds(_root, "new", "xunit", "--name", "Shop.Tests", "--output", tests, "--no-restore");
        CopySources("Shop", shop);
        File.Delete(Path.Combine(tests, "UnitTest1.cs"));
        CopySources("Shop.Tests", tests);
        await Succeeds(shop, "add", "package", "UGiftMe.AspNetCore", "--version", version);
        await Succeeds(tests, "add", "package", "UGiftMe.Testing", "--version", version);
        await Succeeds(tests, DocumentedPackages.AddCommandArguments("docs/testing.md", "Microsoft.AspNetCore.Mvc.Testing"));
        await Succeeds(tests, "add", "reference", shop);

        _run = await DotNetCli.RunAsync(tests, "test", "-c", "Release", "--logger", "trx;LogFileName=results.trx", "--results-directory", Path.Combine(_root, "results"));
        var trx = Path.Combine(_root, "results", "results.trx");
        _trx = File.Exists(trx) ? XDocument.Load(trx) : null;
        TestContext.Out.WriteLine(_run.Output);
    }

    [OneTimeTearDown]
    public void DeleteConsumerProject()
    {
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public void ConsumerTests_FromThePackedPackages_AllPass()
    {
        Assert.That(_run.ExitCode, Is.Zero, _run.ToString);
        Assert.That(Results().Select(r => r.Outcome), Has.All.EqualTo("Passed"));
        Assert.That(File.ReadAllText(Path.Combine(_root, "Shop.Tests", "obj", "project.assets.json")), Does.Contain(PackedPackages.Folder.TrimEnd('/')), "UGiftMe.Testing was restored from this run's packages");
    }

    [Test]
    public void ConsumerTests_CoverDeliveryRecoveryEveryScenarioAndTheModelFactory()
    {
        var names = Results().Select(r => r.Name).ToArray();
        foreach (var test in (string[])["DeliveryTests.OrderedCard_WhenUGiftMeReportsSuccess_IsMarkedDelivered",
            "RecoveryTests.RefusedForFunds_ThenToppedUp_OrdersOnceWithTheNextAttempt",
            "RecoveryTests.AnswerLostAfterTheOrderWasMade_ResentWithTheSameKey_GetsTheSameOrder",
            "RecoveryTests.CrashAfterOrdering_ResentByANewProcess_OrdersNoSecondCard",
            "ModelFactoryTests.Factory_BuildsEveryResultTypeTheSdkReturns",
            "ScenarioTests.OrderLosingItsAnswer_IsRecoveredByTheSdksOwnRetry_WithOneOrder",
            "ScenarioTests.OrderLosingItsAnswer_OnAnAsyncAccount_TheWaitMatchesTheSdksRetryNotTheQueuedOrder"])
        {
            Assert.That(names, Has.Some.EndsWith(test).And.Some.Not.Null);
        }

        Assert.That(names.Count(n => n.Contains("ScenarioTests.", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(15), "every scenario of docs/testing.md has a test");
        foreach (var result in Results())
        {
            TestContext.Out.WriteLine($"{result.Duration.TotalMilliseconds,8:0} ms  {result.Name}");
        }
    }

    [Test]
    public void DeliveryTest_AsWritten_IsAtMost25LinesOfTestCode()
    {
        var source = File.ReadAllText(Path.Combine(Sources, "Shop.Tests", "DeliveryTests.cs"));
        var test = DeliveryTest().Match(source);

        Assert.That(test.Success, Is.True, "DeliveryTests.cs marks its test with // <delivery-test> ... // </delivery-test>");
        var lines = test.Groups["body"].Value.Split('\n').Count(line => line.Trim().Length > 0);
        Assert.That(lines, Is.LessThanOrEqualTo(25));
        Assert.That(test.Groups["body"].Value, Does.Not.Contain("Task.Delay").And.Not.Contain("Thread.Sleep"), "no sleeps: a fake clock and a delivery signal");
    }

    private IEnumerable<(string Name, string Outcome, TimeSpan Duration)> Results()
    {
        Assert.That(_trx, Is.Not.Null, () => $"no TRX results: {_run}");
        return _trx!.Descendants().Where(e => e.Name.LocalName == "UnitTestResult").Select(e => (
            (string)e.Attribute("testName")!,
            (string)e.Attribute("outcome")!,
            TimeSpan.Parse((string?)e.Attribute("duration") ?? "0:0:0", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static void CopySources(string project, string into)
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Sources, project), "*.cs"))
        {
            File.Copy(file, Path.Combine(into, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static async Task Succeeds(string folder, params string[] arguments)
    {
        var result = await DotNetCli.RunAsync(folder, arguments);
        Assert.That(result.ExitCode, Is.Zero, () => $"dotnet {string.Join(' ', arguments)}: {result}");
    }

    [GeneratedRegex(@"// <delivery-test>\s*\n(?<body>.*?)// </delivery-test>", RegexOptions.Singleline)]
    private static partial Regex DeliveryTest();
}
