using BenchmarkDotNet.Running;
using UGiftMe.Benchmarks;
using UGiftMe.Benchmarks.Peers;
using UGiftMe.Benchmarks.Polling;

// dotnet run -c Release --project UGiftMe.Benchmarks -- [report] [--out docs/benchmarks.md] [--artifacts dir]
//   report (default): runs every benchmark, then writes the results file (see ResultsReport).
//   polling: prints the polling table only (fake time: seconds, not minutes).
//   goals: prints GOAL lines: the peer comparison (interleaved, about a minute), the webhook receiver against a bare
//     endpoint (about 20 s), then the webhook-accelerated polling rows (fake time, seeded) and the Redis row (a real
//     redis-server on 127.0.0.1).
//   campaign [--seed N]: the three campaign GOAL lines (10,000 cards at 600 requests a minute, the kill -9 walk, mixed
//     outcomes) against the local sandbox in real time, a few minutes; campaign-worker is its child process.
//   peers: the peer comparison's table and GOAL lines only.
//   cold [rounds]: the cold-start GOAL line alone (30 rounds by default); from a ReadyToRun publish, that build's.
//   webhooks: the webhook receiver comparison's table and GOAL lines only.
//   serve / first <variant> <url>: the peer comparison's child processes (loopback server, cold-start probe).
//   webhooks-serve: the webhook receiver comparison's child process (the Kestrel app with both receivers).
//   loop <raw|sdk|peer> <get|create> <seconds> [callers]: one variant's calls in a loop for a profiler, in memory, or
//     with a caller count over loopback to the server process (docs/benchmarks.md, "Profiles").
//   bdn <BenchmarkDotNet arguments>: BenchmarkDotNet's own switcher, e.g. `bdn --filter *Webhook*`, nothing written.
var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "report";
var output = Option("--out") ?? Path.Combine("docs", "benchmarks.md");
var artifacts = Option("--artifacts") ?? Path.Combine("artifacts", "benchmarks");

switch (mode)
{
    case "campaign":
        foreach (var line in await UGiftMe.Benchmarks.Campaigns.CampaignGoals.LinesAsync(Option("--seed") is { } seed ? int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture) : Environment.TickCount))
        {
            Console.WriteLine(line);
        }

        return 0;
    case "campaign-worker":
        return await UGiftMe.Benchmarks.Campaigns.CampaignWorker.RunAsync(args);
    case "polling":
        Console.Write(PollingSimulation.ToMarkdown(await PollingSimulation.MeasureAllAsync()));
        Console.Write(WebhookPollingSimulation.ToMarkdown([.. await WebhookPollingSimulation.MeasureAllAsync(), .. await WebhookPollingSimulation.MeasureOutageAsync()]));
        return 0;
    case "goals":
        var peers = await PeerComparison.RunAsync();
        foreach (var goal in peers.Goals)
        {
            Console.WriteLine(goal);
        }

        var receivers = await WebhookReceiverComparison.RunAsync();
        foreach (var goal in receivers.Goals)
        {
            Console.WriteLine(goal);
        }

        foreach (var line in await PollingGoals.LinesAsync())
        {
            Console.WriteLine(line);
        }

        Console.WriteLine();
        Console.Write(peers.ToMarkdown());
        Console.WriteLine();
        Console.Write(receivers.ToMarkdown());
        Console.WriteLine();
        Console.Write(WebhookPollingSimulation.ToMarkdown([.. await WebhookPollingSimulation.MeasureAllAsync(), .. await WebhookPollingSimulation.MeasureOutageAsync()]));
        return 0;
    case "peers":
        var comparison = await PeerComparison.RunAsync();
        Console.Write(comparison.ToMarkdown());
        foreach (var goal in comparison.Goals)
        {
            Console.WriteLine(goal);
        }

        return 0;
    case "cold":
        foreach (var line in await ColdStart.LinesAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30))
        {
            Console.WriteLine(line);
        }

        return 0;
    case "webhooks":
        var receiverComparison = await WebhookReceiverComparison.RunAsync();
        Console.Write(receiverComparison.ToMarkdown());
        foreach (var goal in receiverComparison.Goals)
        {
            Console.WriteLine(goal);
        }

        return 0;
    case "webhooks-serve":
        await WebhookReceiverServer.RunAsync(Console.Out);
        return 0;
    case "serve":
        await CannedHttpServer.RunAsync(Console.Out, CancellationToken.None);
        return 0;
    case "loop":
        return await Profiling.LoopAsync(args[1], args[2], TimeSpan.FromSeconds(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)),
            args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : null);
    case "first":
        return await ColdStart.FirstResponseAsync(args[1], new Uri(args[2]));
    case "bdn":
        ProcessWarmup.Run(ResultsReport.Benchmarks);
        BenchmarkSwitcher.FromAssembly(typeof(GetOrderBenchmarks).Assembly).Run(args[1..], BenchmarkConfig.Create(artifacts));
        return 0;
    case "report":
        return await ResultsReport.RunAsync(output, artifacts);
    default:
        Console.Error.WriteLine($"Unknown mode '{mode}': use report, polling, goals, campaign, peers, webhooks or bdn.");
        return 2;
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
