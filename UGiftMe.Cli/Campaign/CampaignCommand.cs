using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UGiftMe.Campaigns.Sqlite;
using UGiftMe.Cli.Api;

namespace UGiftMe.Cli.Campaign;

/// <summary>
/// <c>ugiftme campaign run &lt;file.csv|file.jsonl&gt;</c>: places every row's card exactly once, at the rate limit,
/// journaled beside the input so that running the same command again resumes; <c>--dry-run</c> checks the rows.
/// </summary>
internal static class CampaignCommand
{
    public static Command Create()
    {
        var command = new Command("campaign", "Place many gift cards from a file: `campaign run <file.csv|file.jsonl>`.");
        command.Subcommands.Add(CreateRun());
        return command;
    }

    private static Command CreateRun()
    {
        var command = new Command(
            "run",
            "Place one card per row (reference, productCode, merchant, value, currency, recipientEmail, recipientName, giftMessage), "
            + "each exactly once, at the rate limit. Run the same command again to resume; Ctrl+C stops sending and finishes what is in flight.");
        var file = new Argument<FileInfo>("file") { Description = "The campaign: CSV with a header row, or JSON Lines." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row against the catalog and print the total against the wallet; send nothing." };
        var journal = new Option<FileInfo?>("--journal") { Description = "The journal (SQLite); default <file>.journal.db beside the input." };
        var report = new Option<FileInfo?>("--report") { Description = "The report written at the end (CSV); default <file>.report.csv beside the input." };
        var groupSize = new Option<int>("--group-size") { Description = "Cards per request: 1 sends each alone, up to 100 in bulk.", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 4 };
        var checkFunds = new Option<bool>("--check-funds") { Description = "Send nothing unless the wallet covers every card not yet placed." };
        command.Arguments.Add(file);
        command.Options.Add(dryRun);
        command.Options.Add(journal);
        command.Options.Add(report);
        command.Options.Add(groupSize);
        command.Options.Add(concurrency);
        command.Options.Add(checkFunds);
        var api = ApiConnection.AddTo(command, withJson: false);
        command.SetAction((parseResult, cancellationToken) => api.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var input = parseResult.GetValue(file)!;
                if (!input.Exists)
                {
                    await Console.Error.WriteLineAsync($"{input.FullName} does not exist.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                if (parseResult.GetValue(dryRun))
                {
                    return await DryRunAsync(client, input, ct).ConfigureAwait(false);
                }

                var options = new CampaignRunOptions(
                    input,
                    parseResult.GetValue(journal) ?? new FileInfo(input.FullName + ".journal.db"),
                    parseResult.GetValue(report) ?? new FileInfo(input.FullName + ".report.csv"),
                    parseResult.GetValue(groupSize),
                    parseResult.GetValue(concurrency),
                    parseResult.GetValue(checkFunds));
                return await RunAsync(client, options, ct).ConfigureAwait(false);
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> DryRunAsync(UGiftMeClient client, FileInfo input, CancellationToken cancellationToken)
    {
        var catalog = new Dictionary<string, Models.Product>(StringComparer.OrdinalIgnoreCase);
        await foreach (var product in client.Products.ListAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (product.ProductCode is { } code)
            {
                catalog[code] = product;
            }
        }

        var totals = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        var references = new HashSet<string>(StringComparer.Ordinal);
        int rows = 0, problems = 0;
        foreach (var row in CampaignFile.Read(input.FullName))
        {
            rows++;
            var problem = row.Problem ?? Check(row.Item!, catalog, references);
            if (problem is not null)
            {
                problems++;
                await Console.Out.WriteLineAsync($"line {row.Line}: {problem}").ConfigureAwait(false);
                continue;
            }

            var order = row.Item!.Order;
            totals[order.Currency] = totals.GetValueOrDefault(order.Currency) + order.ValuePurchased;
        }

        var wallets = (await client.Wallet.ListAsync(cancellationToken).ConfigureAwait(false)).Value;
        var covered = true;
        foreach (var (currency, total) in totals)
        {
            var balance = wallets.Where(w => string.Equals(w.Currency, currency, StringComparison.OrdinalIgnoreCase)).Sum(w => w.Balance ?? 0);
            covered &= balance >= total;
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"total {total} {currency}, wallet {balance} {currency}: {(balance >= total ? "covered" : $"short by {total - balance}")}")).ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"{rows} rows, {rows - problems} valid, {problems} with problems; nothing was sent.").ConfigureAwait(false);
        return problems == 0 && covered ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static string? Check(CampaignItem item, Dictionary<string, Models.Product> catalog, HashSet<string> references)
    {
        if (!references.Add(item.Reference))
        {
            return $"{item.Reference}: the reference is repeated";
        }

        try
        {
            _ = IdempotencyKey.FromReference(item.Reference);
        }
        catch (ArgumentException e)
        {
            return $"{item.Reference}: {e.Message}";
        }

        var order = item.Order;
        if (!catalog.TryGetValue(order.ProductCode, out var product))
        {
            return $"{item.Reference}: product {order.ProductCode} is not in the catalog";
        }

        if (product.Currency is { } currency && !string.Equals(currency, order.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return $"{item.Reference}: {order.ProductCode} is sold in {currency}, not {order.Currency}";
        }

        return order.ValuePurchased < product.MinValue || order.ValuePurchased > product.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{item.Reference}: value {order.ValuePurchased} is outside {product.MinValue}–{product.MaxValue}")
            : null;
    }

    private static async Task<int> RunAsync(UGiftMeClient client, CampaignRunOptions options, CancellationToken cancellationToken)
    {
        var rows = CampaignFile.Read(options.Input.FullName).ToList();
        var unreadable = rows.Where(r => r.Problem is not null).ToList();
        foreach (var row in unreadable)
        {
            await Console.Error.WriteLineAsync($"line {row.Line}: {row.Problem} (skipped)").ConfigureAwait(false);
        }

        var items = rows.Where(r => r.Item is not null).Select(r => r.Item!).ToList();
        using var journal = new SqliteCampaignJournal(options.Journal.FullName);
        var progress = new LatestProgress();
        var campaign = new UGiftMe.Campaign(client, new CampaignOptions
        {
            CampaignId = Path.GetFileName(options.Input.FullName),
            Journal = journal,
            GroupSize = options.GroupSize,
            MaxConcurrency = options.Concurrency,
            CheckFundsFirst = options.CheckFunds,
            Progress = progress,
        });

        // Ctrl+C stops sending; what is in flight finishes and is journaled before the command ends.
        using var stop = cancellationToken.Register(campaign.Stop);
        var outcomes = new List<CampaignItemOutcome>(items.Count);
        if (Console.IsOutputRedirected)
        {
            await foreach (var outcome in campaign.RunAsync(items, CancellationToken.None).ConfigureAwait(false))
            {
                outcomes.Add(outcome);
                if (outcomes.Count % Math.Max(1, items.Count / 50) == 0)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"progress {outcomes.Count}/{items.Count}: {Describe(progress.Latest)}")).ConfigureAwait(false);
                }
            }
        }
        else
        {
            await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("starting", maxValue: Math.Max(1, items.Count));
                    await foreach (var outcome in campaign.RunAsync(items, CancellationToken.None).ConfigureAwait(false))
                    {
                        outcomes.Add(outcome);
                        task.Value = outcomes.Count;
                        task.Description = Markup.Escape(Describe(progress.Latest));
                    }
                }).ConfigureAwait(false);
        }

        await WriteReportAsync(options.Report.FullName, outcomes).ConfigureAwait(false);
        var summary = campaign.Summary;
        await Console.Out.WriteLineAsync(summary.ToString()).ConfigureAwait(false);
        if (summary.StoppedForFunds)
        {
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Stopped: the wallet is short{(summary.Shortfall is { } s ? $" by {s}" : "")}. Top up, then run the same command again.")).ConfigureAwait(false);
        }
        else if (!summary.IsFinished)
        {
            await Console.Out.WriteLineAsync("Not finished: run the same command again to resume.").ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"report: {options.Report.FullName}").ConfigureAwait(false);
        return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : summary.IsFinished ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static string Describe(CampaignProgress? p) => p is null
        ? "starting"
        : string.Create(CultureInfo.InvariantCulture,
            $"{p.ItemsDone}/{p.ItemCount} items, {p.CardsPlaced} cards, {p.ValueSpent} spent, {p.ItemsPerMinute:0}/min, ETA {p.EstimatedRemaining:hh\\:mm\\:ss}, 429s {p.RateLimitedResponses}");

    private static async Task WriteReportAsync(string path, List<CampaignItemOutcome> outcomes)
    {
        var writer = new StreamWriter(path, append: false);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync("reference,outcome,orderId,orderRequestId,idempotencyKey,attempt,fromEarlierRun,reason").ConfigureAwait(false);
            foreach (var o in outcomes)
            {
                await writer.WriteLineAsync(string.Join(',',
                    Csv(o.Reference), o.Kind, Csv(o.OrderId), Csv(o.OrderRequestId), Csv(o.IdempotencyKey),
                    o.Attempt.ToString(CultureInfo.InvariantCulture), o.FromEarlierRun ? "true" : "false", Csv(o.Reason))).ConfigureAwait(false);
            }
        }
    }

    private static string Csv(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private sealed record CampaignRunOptions(FileInfo Input, FileInfo Journal, FileInfo Report, int GroupSize, int Concurrency, bool CheckFunds);

    private sealed class LatestProgress : IProgress<CampaignProgress>
    {
        public CampaignProgress? Latest { get; private set; }

        public void Report(CampaignProgress value) => Latest = value;
    }
}
