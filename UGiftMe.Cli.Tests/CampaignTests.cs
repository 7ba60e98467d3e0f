using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using UGiftMe.Cli.Tests.TestSupport;

namespace UGiftMe.Cli.Tests;

/// <summary>`ugiftme campaign run` as a user runs it, against `ugiftme sandbox` in another process.</summary>
public sealed class CampaignTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("ugiftme-cli-campaign-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    [CancelAfter(180_000)]
    public async Task DryRun_RowsWithUnknownProductsAndATotalAboveTheWallet_NamesEachProblemAndSendsNothing(CancellationToken cancellationToken)
    {
        using var sandbox = await RunningSandbox.StartAsync(cancellationToken, "--wallet", "100", "--rate-limit", "6000");
        var file = WriteCsv("dry.csv", 12, row => row == 3 ? "NO_SUCH_PRODUCT" : "AMAZON_UK_STD");

        var result = await ToolProcess.RunAsync(["campaign", "run", file, "--dry-run"], sandbox.Environment, cancellationToken);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Transcript);
        Assert.That(result.OutputText, Does.Contain("line 4: ref-0003: product NO_SUCH_PRODUCT is not in the catalog"));
        Assert.That(result.OutputText, Does.Contain("total 110 GBP, wallet 100 GBP: short by 10"));
        Assert.That(result.OutputText, Does.Contain("12 rows, 11 valid, 1 with problems; nothing was sent."));
        Assert.That(await CardCountAsync(sandbox, cancellationToken), Is.Zero);
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Run_EveryRowPlacedWithAReport_RunningAgainReadsTheJournalAndSendsNoCreate(CancellationToken cancellationToken)
    {
        using var sandbox = await RunningSandbox.StartAsync(cancellationToken, "--rate-limit", "6000");
        var file = WriteCsv("thanks.csv", 20, _ => "AMAZON_UK_STD");

        var first = await ToolProcess.RunAsync(["campaign", "run", file, "--group-size", "5"], sandbox.Environment, cancellationToken);
        var again = await ToolProcess.RunAsync(["campaign", "run", file, "--group-size", "5"], sandbox.Environment, cancellationToken);

        Assert.That(first.ExitCode, Is.Zero, first.Transcript);
        Assert.That(first.OutputText, Does.Contain("20 items: 20 placed, 0 rejected"));
        Assert.That(File.Exists(file + ".journal.db"), Is.True, "the journal is beside the input");
        var report = File.ReadAllLines(file + ".report.csv");
        Assert.That(report, Has.Length.EqualTo(21));
        Assert.That(report.Skip(1).Select(l => l.Split(',')[1]), Is.All.EqualTo("Placed"));
        Assert.That(again.ExitCode, Is.Zero, again.Transcript);
        Assert.That(File.ReadAllLines(file + ".report.csv").Skip(1).Select(l => l.Split(',')[6]), Is.All.EqualTo("true"), "every outcome from the journal");
        Assert.That(PlacedOrders(file + ".report.csv").Values.Distinct().Count(), Is.EqualTo(20));
        Assert.That(await CardCountAsync(sandbox, cancellationToken), Is.EqualTo(20));
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Run_KilledNineAtSeededMomentsAndRunAgain_PlacesExactlyOneCardPerReference(CancellationToken cancellationToken)
    {
        var seed = Environment.GetEnvironmentVariable("UGIFTME_KILL_SEED") is { } fixedSeed ? int.Parse(fixedSeed, CultureInfo.InvariantCulture) : Random.Shared.Next();
        TestContext.Out.WriteLine($"kill -9 walk seed: {seed} (UGIFTME_KILL_SEED={seed} repeats it)");
        var random = new Random(seed);
        using var sandbox = await RunningSandbox.StartAsync(cancellationToken, "--rate-limit", "6000", "--wallet", "100000");
        const int Rows = 300;
        var file = WriteCsv("walk.csv", Rows, _ => "AMAZON_UK_STD");
        var done = 0;

        for (var kill = 0; kill < 5 && done < Rows - 30; kill++)
        {
            var target = done + 1 + random.Next((Rows - done) / 2);
            using var run = ToolProcess.Start(["campaign", "run", file, "--group-size", "3"], sandbox.Environment);
            var line = await run.WaitForLineAsync(l => Progress(l) >= target || l.StartsWith("report:", StringComparison.Ordinal), cancellationToken);
            run.Kill();
            await run.WaitForExitAsync(cancellationToken);
            done = Math.Max(done, Progress(line));
            TestContext.Out.WriteLine($"kill {kill + 1}: after '{line}'");
        }

        var last = await ToolProcess.RunAsync(["campaign", "run", file, "--group-size", "3"], sandbox.Environment, cancellationToken);

        Assert.That(last.ExitCode, Is.Zero, last.Transcript);
        Assert.That(last.OutputText, Does.Contain($"{Rows} items: {Rows} placed"));
        Assert.That(PlacedOrders(file + ".report.csv").Values.Distinct().Count(), Is.EqualTo(Rows), $"seed {seed}");
        Assert.That(await CardCountAsync(sandbox, cancellationToken), Is.EqualTo(Rows), $"seed {seed}: a reference with two cards");
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Run_CtrlC_StopsSendingLeavesTheRestForTheNextRunWhichFinishesWithoutDuplicates(CancellationToken cancellationToken)
    {
        // No rate limit headers: the pacer keeps to its conservative pace (250-600 ms a request), so a run of 30 rows is
        // still going when Ctrl+C comes after the second, and the rest take the next run about ten seconds.
        using var sandbox = await RunningSandbox.StartAsync(cancellationToken);
        const int Rows = 30;
        var file = WriteCsv("stop.csv", Rows, _ => "AMAZON_UK_STD");

        using (var run = ToolProcess.Start(["campaign", "run", file], sandbox.Environment))
        {
            await run.WaitForLineAsync(l => Progress(l) >= 2, cancellationToken);
            await run.PressCtrlCAsync(cancellationToken);
            Assert.That(await run.WaitForExitAsync(cancellationToken), Is.EqualTo(130), run.Transcript);
            Assert.That(string.Join('\n', run.Output), Does.Contain("Not finished: run the same command again to resume."));
            Assert.That(File.ReadAllLines(file + ".report.csv").Skip(1).Select(l => l.Split(',')[1]), Does.Contain("NotSent"));
        }

        var placedBefore = await CardCountAsync(sandbox, cancellationToken);
        var rest = await ToolProcess.RunAsync(["campaign", "run", file, "--concurrency", "8"], sandbox.Environment, cancellationToken);

        Assert.That(placedBefore, Is.InRange(2, Rows - 1));
        Assert.That(rest.ExitCode, Is.Zero, rest.Transcript);
        Assert.That(PlacedOrders(file + ".report.csv"), Has.Count.EqualTo(Rows));
        Assert.That(await CardCountAsync(sandbox, cancellationToken), Is.EqualTo(Rows));
    }

    private static int Progress(string line) =>
        line.StartsWith("progress ", StringComparison.Ordinal) ? int.Parse(line["progress ".Length..line.IndexOf('/', StringComparison.Ordinal)], CultureInfo.InvariantCulture) : 0;

    private string WriteCsv(string name, int rows, Func<int, string> product)
    {
        var csv = new StringBuilder("reference,productCode,merchant,value,currency,recipientEmail,recipientName\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"ref-{i:D4},{product(i)},Amazon UK,10,GBP,ref-{i:D4}@example.com,\"Employee, {i}\"\n");
        }

        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    // How many cards the sandbox holds: the order history's total.
    private static async Task<int> CardCountAsync(RunningSandbox sandbox, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await sandbox.Http.GetStringAsync(new Uri("orders?page=1", UriKind.Relative), cancellationToken))!;
        return body["total"]!.GetValue<int>();
    }

    // The order id the report names for each reference; every reference placed and as many cards as references
    // means exactly one card per reference.
    private static Dictionary<string, string> PlacedOrders(string report) =>
        File.ReadAllLines(report).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "Placed").ToDictionary(f => f[0], f => f[2]);
}
