using System.Diagnostics;
using System.Globalization;
using UGiftMe.Benchmarks.Peers;
using UGiftMe.Sandbox;

namespace UGiftMe.Benchmarks.Campaigns;

/// <summary>
/// The campaign goals, against the local sandbox (in this process) limited to 600 requests a minute per key, real
/// time, with each campaign run in a child process (<see cref="CampaignWorker"/>) journaled in SQLite:
/// 1. 10,000 cards: the share of the allowance used while work remains, the share of 429 answers, duplicates, and
///    the worker's managed heap at 2,000 cards and at the end;
/// 2. the same campaign killed (kill -9) at 10 seeded moments and run again each time: one card per reference, and
///    no more replays than requests that could be in flight when it was killed;
/// 3. mixed outcomes (5 % unknown products, a wallet covering 60 %, 3 % dropped answers): every item ends with a
///    documented outcome and no card twice; after a top-up a run again finishes the campaign.
/// </summary>
internal static class CampaignGoals
{
    private const int Cards = 10_000;
    private const int GroupSize = 25;
    private const int PerMinute = 600;

    public static async Task<IReadOnlyList<string>> LinesAsync(int seed)
    {
        Console.Error.WriteLine($"campaign goals: seed {seed}");
        return [await AtTheRateLimitAsync(), await KilledAndResumedAsync(seed), await MixedOutcomesAsync(seed)];
    }

    private static async Task<string> AtTheRateLimitAsync()
    {
        await using var sandbox = await StartSandboxAsync(Cards * 10m);
        using var folder = new TemporaryFolder();
        var run = await RunWorkerAsync(sandbox, folder.Journal, mixed: false, killAfter: null);
        var requests = sandbox.State.Requests.Where(r => r.Path.Contains("/orders", StringComparison.Ordinal)).ToList();
        var limited = requests.Count(r => r.StatusCode == 429);
        var span = requests[^1].ReceivedAt - requests[0].ReceivedAt;
        var used = (requests.Count - limited - 1) / (span.TotalMinutes * PerMinute);
        var duplicates = Duplicates(sandbox);
        var heapAt2000 = run.Heap.First(h => h.Done >= 2000).Bytes;
        var heapGrowth = (run.Heap.Max(h => h.Bytes) - heapAt2000) / 1048576.0;
        var met = used >= 0.95 && limited <= requests.Count * 0.01 && duplicates == 0 && heapGrowth <= 4 && run.Summary.Contains($"placed={Cards}", StringComparison.Ordinal);
        return Line("campaign.10000_cards_at_600_per_minute", "allowance used>=95% 429s<=1% duplicates=0 heap growth after 2000 cards<=4MB",
            $"allowance used={used:P1} 429s={limited}/{requests.Count} duplicates={duplicates} heap growth={heapGrowth:0.0}MB ({run.Summary})", met);
    }

    private static async Task<string> KilledAndResumedAsync(int seed)
    {
        await using var sandbox = await StartSandboxAsync(Cards * 10m);
        using var folder = new TemporaryFolder();
        var random = new Random(seed);
        var done = 0;
        for (var kill = 0; kill < 10; kill++)
        {
#pragma warning disable CA5394 // Seeded on purpose: the kill moments repeat with the seed.
            var target = done + 50 + random.Next(Math.Max(1, (Cards - done) / 4));
#pragma warning restore CA5394
            var killed = await RunWorkerAsync(sandbox, folder.Journal, mixed: false, killAfter: target);
            done = Math.Max(done, killed.Done);
        }

        var last = await RunWorkerAsync(sandbox, folder.Journal, mixed: false, killAfter: null);
        var duplicates = Duplicates(sandbox);
        var cards = sandbox.State.Orders.Count;
        var replays = sandbox.State.IdempotencyRecords.Sum(r => r.ReplayCount);
        var met = duplicates == 0 && cards == Cards && replays <= 10 * CampaignWorker.MaxConcurrency;
        return Line("campaign.killed_10_times_and_resumed", $"one card per reference ({Cards}) duplicates=0 replays<=in flight (10 kills x {CampaignWorker.MaxConcurrency})",
            $"cards={cards} duplicates={duplicates} replays={replays} seed={seed} ({last.Summary})", met);
    }

    private static async Task<string> MixedOutcomesAsync(int seed)
    {
        var valid = Cards - (Cards / 20);
        await using var sandbox = await StartSandboxAsync(valid * 10m * 0.6m, seed, droppedAnswers: 0.03);
        using var folder = new TemporaryFolder();
        var first = await RunWorkerAsync(sandbox, folder.Journal, mixed: true, killAfter: null);
        var documented = first.Summary.Contains($"items={Cards}", StringComparison.Ordinal);
        var duplicatesAfterStop = Duplicates(sandbox);
        sandbox.FundWallet(valid * 10m);
        var second = await RunWorkerAsync(sandbox, folder.Journal, mixed: true, killAfter: null);
        var duplicates = Duplicates(sandbox);
        var finished = second.Summary.Contains($"placed={valid} rejected={Cards / 20}", StringComparison.Ordinal);
        return Line("campaign.mixed_outcomes", "every item a documented outcome, duplicates=0, finished after a top-up",
            $"first run: {first.Summary}; duplicates={duplicatesAfterStop}; after top-up: {second.Summary}; duplicates={duplicates}; seed={seed}",
            documented && finished && duplicates == 0 && duplicatesAfterStop == 0);
    }

    private static string Line(string name, string target, string measured, bool met) =>
        $"GOAL {name} target=\"{target}\" measured=\"{measured}\" {(met ? "met" : "missed")}";

    private static int Duplicates(SandboxServer sandbox) =>
        sandbox.State.Orders.GroupBy(o => o.RecipientEmail).Sum(g => g.Count() - 1);

    private static async Task<SandboxServer> StartSandboxAsync(decimal balance, int seed = 42, double droppedAnswers = 0)
    {
        var options = new SandboxOptions { Seed = seed };
        options.RateLimit.Enabled = true;
        options.RateLimit.PermitLimit = PerMinute;
        options.RateLimit.Window = TimeSpan.FromMinutes(1);
        options.Wallet.InitialBalance = balance;
        options.Faults.DroppedAnswerRate = droppedAnswers;
        options.Faults.PathPrefix = "/api/v1/business/orders";
        return await SandboxServer.StartAsync(options);
    }

    private static async Task<WorkerRun> RunWorkerAsync(SandboxServer sandbox, string journal, bool mixed, int? killAfter)
    {
        var info = ChildProcess.StartInfo("campaign-worker", sandbox.ApiBaseAddress.AbsoluteUri, sandbox.ApiKey, journal,
            Cards.ToString(CultureInfo.InvariantCulture), GroupSize.ToString(CultureInfo.InvariantCulture), mixed ? "mixed" : "plain");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("The campaign worker did not start.");
        var run = new WorkerRun();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] == "done")
            {
                run.Done = int.Parse(parts[1], CultureInfo.InvariantCulture);
                if (run.Done >= killAfter)
                {
                    process.Kill(entireProcessTree: true); // SIGKILL: no finally block, no flush, like kill -9
                    break;
                }
            }
            else if (parts[0] == "heap")
            {
                run.Heap.Add((int.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture)));
            }
            else if (parts[0] == "summary")
            {
                run.Summary = line["summary ".Length..];
            }
        }

        await process.WaitForExitAsync();
        return run;
    }

    private sealed class WorkerRun
    {
        public int Done { get; set; }

        public List<(int Done, long Bytes)> Heap { get; } = [];

        public string Summary { get; set; } = "(killed)";
    }

    private sealed class TemporaryFolder : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("ugiftme-campaign-").FullName;

        public string Journal => Path.Combine(_path, "journal.db");

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}
