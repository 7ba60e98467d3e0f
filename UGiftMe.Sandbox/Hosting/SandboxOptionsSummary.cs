using System.Globalization;

namespace UGiftMe.Sandbox;

/// <summary>
/// Checks a <see cref="SandboxOptions"/> and describes it in a few lines, one wording for every host: the standalone
/// sandbox, <c>ugiftme sandbox</c> and in-process sandboxes.
/// </summary>
public static class SandboxOptionsSummary
{
    /// <summary>What is wrong with <paramref name="options"/>, one sentence per problem; empty when it can run.</summary>
    /// <param name="options">The options to check.</param>
    /// <returns>The problems, naming each setting as it is bound (<c>Faults:TooManyRequestsRate</c>).</returns>
    public static IReadOnlyList<string> Validate(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> problems = [];
        Rate(options.Faults.ServerErrorRate, "Faults:ServerErrorRate", problems);
        Rate(options.Faults.ServerErrorAfterWorkRate, "Faults:ServerErrorAfterWorkRate", problems);
        Rate(options.Faults.TooManyRequestsRate, "Faults:TooManyRequestsRate", problems);
        Rate(options.Faults.DroppedAnswerRate, "Faults:DroppedAnswerRate", problems);
        Rate(options.OrderWorker.FailureRate, "OrderWorker:FailureRate", problems);
        var faultRates = options.Faults.ServerErrorRate + options.Faults.ServerErrorAfterWorkRate + options.Faults.TooManyRequestsRate + options.Faults.DroppedAnswerRate;
        if (faultRates > 1)
        {
            problems.Add(Invariant($"Faults: the fault rates add up to {faultRates}; together they must be at most 1."));
        }

        NotNegative(options.Faults.Latency, "Faults:Latency", problems);
        NotNegative(options.OrderWorker.QueuedDuration, "OrderWorker:QueuedDuration", problems);
        NotNegative(options.OrderWorker.ProcessingDuration, "OrderWorker:ProcessingDuration", problems);
        if (options.Faults.RetryAfterSeconds < 0)
        {
            problems.Add("Faults:RetryAfterSeconds must be 0 or more.");
        }

        if (options.Faults.ServerErrorStatusCode is < 500 or > 599)
        {
            problems.Add("Faults:ServerErrorStatusCode must be a 5xx status.");
        }

        if (options.Wallet.InitialBalance < 0)
        {
            problems.Add("Wallet:InitialBalance must be 0 or more.");
        }

        if (string.IsNullOrWhiteSpace(options.Wallet.Currency))
        {
            problems.Add("Wallet:Currency is required.");
        }

        for (var i = 0; i < options.Products.Count; i++)
        {
            var product = options.Products[i];
            if (string.IsNullOrWhiteSpace(product.ProductCode) || string.IsNullOrWhiteSpace(product.Merchant))
            {
                problems.Add(Invariant($"Products:{i} needs a ProductCode and a Merchant."));
            }
            else if (product.MinValue > product.MaxValue)
            {
                problems.Add(Invariant($"Products:{i} ({product.ProductCode}): MinValue is above MaxValue."));
            }
        }

        var codes = options.Products.Select(p => p.ProductCode).Where(c => !string.IsNullOrWhiteSpace(c));
        foreach (var duplicate in codes.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"Products: the product code {duplicate.Key} is listed more than once.");
        }

        return problems;
    }

    /// <summary>The scenario in force, in a few lines (orders, wallet, catalog, faults, rate limit).</summary>
    /// <param name="options">The options to describe.</param>
    /// <returns>One line per topic, for a console or a test log.</returns>
    public static IReadOnlyList<string> Describe(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var worker = options.OrderWorker;
        var faults = options.Faults;
        IEnumerable<SandboxProduct> products = options.Products.Count > 0 ? options.Products : Catalog.DefaultCatalog.Create();
        return
        [
            options.OrdersAsync
                ? Invariant($"Orders: queued (202): {Seconds(worker.QueuedDuration)} queued, {Seconds(worker.ProcessingDuration)} processing; {Percent(worker.FailureRate)} fail asynchronously")
                : Invariant($"Orders: immediate (201); queued orders (an API key with OrdersAsync) fail at a rate of {Percent(worker.FailureRate)}"),
            Invariant($"Wallet: {options.Wallet.InitialBalance} {options.Wallet.Currency}"),
            $"Products: {string.Join(", ", products.Select(p => p.ProductCode))}",
            Invariant($"Faults: 429 {Percent(faults.TooManyRequestsRate)}, 503 before work {Percent(faults.ServerErrorRate)}, 503 after work {Percent(faults.ServerErrorAfterWorkRate)} (Retry-After {faults.RetryAfterSeconds} s); latency {faults.Latency.TotalMilliseconds} ms"),
            options.RateLimit.Enabled
                ? Invariant($"Rate limit: {options.RateLimit.PermitLimit} requests per {Seconds(options.RateLimit.Window)} per API key")
                : "Rate limit: off",
        ];
    }

    private static void Rate(double rate, string name, List<string> problems)
    {
        if (double.IsNaN(rate) || rate is < 0 or > 1)
        {
            problems.Add($"{name} must be between 0 and 1.");
        }
    }

    private static void NotNegative(TimeSpan value, string name, List<string> problems)
    {
        if (value < TimeSpan.Zero)
        {
            problems.Add($"{name} must not be negative.");
        }
    }

    private static string Percent(double rate) => rate.ToString("0.##%", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => Invariant($"{value.TotalSeconds:0.###} s");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
