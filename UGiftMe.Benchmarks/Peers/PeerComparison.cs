using System.Globalization;
using System.Text;

namespace UGiftMe.Benchmarks.Peers;

/// <summary>
/// The peer comparison: the SDK against raw HttpClient + Newtonsoft and against the client NSwag generates with its
/// default templates on <c>AddStandardResilienceHandler()</c>, all measured in this one run in interleaved turns (<see cref="Interleaved"/>),
/// in memory, over loopback HTTP to a server in another process (one caller and 64), from a cold process, and with a
/// 300 MiB response. <see cref="Goals"/> checks the goals on ratios of medians.
/// </summary>
internal sealed class PeerComparison
{
    private static readonly string[] Names = [PeerClients.Raw, PeerClients.Sdk, PeerClients.Peer];
    private static readonly TimeSpan Turn = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LoadTurn = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(8);

    private readonly List<(string Scenario, string Unit, Dictionary<string, double> Figures)> _rows = [];

    public const int Callers = 64;

    public IReadOnlyList<(string Scenario, string Unit, Dictionary<string, double> Figures)> Rows => _rows;

    public IReadOnlyList<GoalLine> Goals { get; private set; } = [];

    public static async Task<PeerComparison> RunAsync(int rounds = 15, int coldStartRounds = 5)
    {
        var result = new PeerComparison();
        var goals = new List<GoalLine>();

        var inMemory = Names.Select(n => PeerClients.Create(n, UGiftMeClientOptions.SandboxBaseAddress, () => new CannedApiHandler())).ToList();
        try
        {
            await Interleaved.WarmUpAsync(inMemory, [v => v.GetOrder, v => v.CreateOrder], WarmUp, Turn);
            foreach (var (label, operation) in new (string, Func<PeerVariant, Func<Task>>)[] { ("get", v => v.GetOrder), ("create", v => v.CreateOrder) })
            {
                var figures = await Interleaved.SequentialAsync(inMemory, operation, rounds, Turn);
                result.Add($"{label}, in-memory transport", "µs per call", figures.ToDictionary(f => f.Key, f => f.Value.Micros));
                result.Add($"{label}, in-memory transport", "bytes allocated per call", figures.ToDictionary(f => f.Key, f => f.Value.Bytes));
                var (raw, sdk, peer) = (figures[PeerClients.Raw], figures[PeerClients.Sdk], figures[PeerClients.Peer]);
                goals.Add(GoalLine.AtMost($"{label}.inmemory.time_vs_raw", 1.20, sdk.Micros / raw.Micros));
                goals.Add(GoalLine.AtMost($"{label}.inmemory.alloc_vs_raw", 1.15, sdk.Bytes / raw.Bytes));
                goals.Add(GoalLine.AtMost($"{label}.inmemory.time_vs_peer", 0.85, sdk.Micros / peer.Micros));
            }
        }
        finally
        {
            inMemory.ForEach(v => v.Owner.Dispose());
        }

        using (var server = await LoopbackServerProcess.StartAsync())
        {
            var loopback = Names.Select(n => PeerClients.Create(n, server.BaseAddress, Loopback.Transport)).ToList();
            try
            {
                await Interleaved.WarmUpAsync(loopback, [v => v.GetOrder, v => v.CreateOrder], WarmUp, Turn);
                var one = await Interleaved.SequentialAsync(loopback, v => v.GetOrder, rounds, Turn);
                result.Add("get, loopback HTTP, one caller", "µs per call", one.ToDictionary(f => f.Key, f => f.Value.Micros));
                goals.Add(GoalLine.AtMost("get.loopback.one_caller.time_vs_raw", 1.10, one[PeerClients.Sdk].Micros / one[PeerClients.Raw].Micros));

                foreach (var (label, operation) in new (string, Func<PeerVariant, Func<Task>>)[] { ("get", v => v.GetOrder), ("create", v => v.CreateOrder) })
                {
                    var load = await Interleaved.ThroughputAsync(loopback, operation, Callers, Math.Max(5, rounds * 2 / 3), LoadTurn);
                    result.Add($"{label}, loopback HTTP, {Callers} callers", "requests per second", load);
                    goals.Add(GoalLine.AtLeast($"{label}.loopback.{Callers}_callers.rps_vs_raw", 0.95, load[PeerClients.Sdk] / load[PeerClients.Raw]));
                    goals.Add(GoalLine.AtLeast($"{label}.loopback.{Callers}_callers.rps_vs_peer", 1.10, load[PeerClients.Sdk] / load[PeerClients.Peer]));
                }
            }
            finally
            {
                loopback.ForEach(v => v.Owner.Dispose());
            }

            var cold = await ColdStart.MeasureAsync(server.BaseAddress, Names, coldStartRounds);
            result.Add("cold start: process start → first response (loopback)", "ms", cold);
            goals.Add(GoalLine.AtMost("cold_start.time_vs_raw", 1.10, cold[PeerClients.Sdk] / cold[PeerClients.Raw]));
        }

        var (allocated, limit, served) = await LargeResponse.MeasureAsync();
        result.Add("300 MiB response, no Content-Length (SDK, default MaxResponseSize)", "bytes", new()
        {
            ["allocated during the call"] = allocated,
            ["MaxResponseSize"] = limit,
            ["bytes the server sent before the SDK stopped"] = served,
        });
        goals.Add(GoalLine.Below("large_response.peak_growth_vs_max_response_size", 2.0, allocated / limit));

        result.Goals = goals;
        return result;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| Scenario | Unit | raw HttpClient + Newtonsoft | SDK | NSwag (default templates) + standard resilience | SDK ÷ raw | SDK ÷ peer |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (scenario, unit, figures) in _rows)
        {
            if (!figures.ContainsKey(PeerClients.Sdk))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {unit} | {string.Join("; ", figures.Select(f => $"{f.Key}: {f.Value:N0}"))} | | | | |");
                continue;
            }

            var (raw, sdk, peer) = (figures[PeerClients.Raw], figures[PeerClients.Sdk], figures[PeerClients.Peer]);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {unit} | {raw:N1} | {sdk:N1} | {peer:N1} | {sdk / raw:0.00} | {sdk / peer:0.00} |");
        }

        return text.ToString();
    }

    private void Add(string scenario, string unit, Dictionary<string, double> figures) => _rows.Add((scenario, unit, figures));
}
