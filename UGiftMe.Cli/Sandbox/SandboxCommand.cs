using System.CommandLine;
using Microsoft.Extensions.Configuration;
using UGiftMe.Sandbox;

namespace UGiftMe.Cli.Sandbox;

/// <summary>
/// <c>ugiftme sandbox</c>: the UGiftMe.Sandbox in-memory Business API in this process, until Ctrl+C. It prints
/// <c>UGIFTME_BASE_URL=</c> and <c>UGIFTME_API_KEY=</c> lines to paste into the app's environment (the key is the
/// sandbox's local test key, which is why printing it is fine), then the scenario in force. Every switch sets a
/// <see cref="SandboxOptions"/> member — the options the standalone sandbox binds from its configuration and tests pass
/// to <c>UGiftMeSandbox.StartAsync</c> — and the scenario is printed by <see cref="SandboxOptionsSummary"/>, so all
/// three describe it in the same words.
/// </summary>
internal static class SandboxCommand
{
    public const int DefaultPort = 12111;

    public static Command Create()
    {
        var command = new Command(
            "sandbox",
            "Run the UGiftMe sandbox (an in-memory Business API with test data) on 127.0.0.1 until Ctrl+C. Prints "
            + "UGIFTME_BASE_URL and UGIFTME_API_KEY lines for your app, then the scenario in force; the key is a local test key, so printing it is safe.");
        var port = new Option<int>("--port", "-p")
        {
            Description = $"The port on 127.0.0.1; 0 picks a free one. Default {DefaultPort}.",
            DefaultValueFactory = _ => DefaultPort,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        var async = new Option<bool>("--async")
        {
            Description = "Queue orders (202 + order request, queued -> processing -> succeeded, with order.* webhooks) instead of creating them at once (201).",
        };
        var faultRate = Rate("--fault-rate", "Answer this fraction (0 to 1) of API requests with 503 before doing any work, to exercise retries. Default 0.");
        var rateLimitRate = Rate("--rate-limit-rate", "Answer this fraction (0 to 1) of API requests with 429, Retry-After and RateLimit-* headers. Default 0.");
        var asyncFailureRate = Rate("--async-failure-rate", "Fail this fraction (0 to 1) of queued orders asynchronously (order.failed) instead of creating them. Default 0.");
        var retryAfter = new Option<int>("--retry-after")
        {
            Description = "The Retry-After seconds of injected 429 and 503 answers. Default 1.",
            DefaultValueFactory = _ => 1,
        };
        retryAfter.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--retry-after must be 0 or more.");
            }
        });
        var latency = new Option<int>("--latency")
        {
            Description = "Delay every API answer by this many milliseconds. Default 0.",
        };
        latency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--latency must be 0 or more milliseconds.");
            }
        });
        var wallet = new Option<decimal?>("--wallet")
        {
            Description = "The wallet's opening balance (GBP). Default 2000.",
        };
        wallet.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<decimal?>() < 0)
            {
                result.AddError("--wallet must be 0 or more.");
            }
        });
        var products = new Option<FileInfo>("--products")
        {
            Description = "A JSON file with the catalog: an array of products (productCode, name, merchant, category, currency, minValue, maxValue, denominations), as the standalone sandbox's Sandbox:Products. Default: Amazon UK, John Lewis, Tesco.",
        };
        products.AcceptExistingOnly();
        var rateLimit = new Option<int?>("--rate-limit")
        {
            Description = "Requests a minute each API key may send (a fixed window, with RateLimit-* headers and 429 + Retry-After above it). Default: no limit.",
        };
        command.Options.Add(port);
        command.Options.Add(rateLimit);
        command.Options.Add(async);
        command.Options.Add(faultRate);
        command.Options.Add(rateLimitRate);
        command.Options.Add(retryAfter);
        command.Options.Add(latency);
        command.Options.Add(wallet);
        command.Options.Add(asyncFailureRate);
        command.Options.Add(products);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new SandboxOptions { OrdersAsync = parseResult.GetValue(async) };
            options.Faults.ServerErrorRate = parseResult.GetValue(faultRate);
            options.Faults.TooManyRequestsRate = parseResult.GetValue(rateLimitRate);
            options.Faults.RetryAfterSeconds = parseResult.GetValue(retryAfter);
            options.Faults.Latency = TimeSpan.FromMilliseconds(parseResult.GetValue(latency));
            options.OrderWorker.FailureRate = parseResult.GetValue(asyncFailureRate);
            if (parseResult.GetValue(wallet) is { } balance)
            {
                options.Wallet.InitialBalance = balance;
            }

            if (parseResult.GetValue(rateLimit) is { } perMinute)
            {
                options.RateLimit.Enabled = true;
                options.RateLimit.PermitLimit = perMinute;
            }

            if (parseResult.GetValue(products) is { } file && !await TryReadProductsAsync(file, options).ConfigureAwait(false))
            {
                return ExitCodes.Usage;
            }

            return await RunAsync(options, parseResult.GetValue(port), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Option<double> Rate(string name, string description)
    {
        var option = new Option<double>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var rate && (double.IsNaN(rate) || rate is < 0 or > 1))
            {
                result.AddError($"{name} must be between 0 and 1.");
            }
        });
        return option;
    }

    // The catalog binds as the standalone sandbox binds Sandbox:Products: one options model, one binder.
    private static async Task<bool> TryReadProductsAsync(FileInfo file, SandboxOptions options)
    {
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""{ "Products": {{await File.ReadAllTextAsync(file.FullName).ConfigureAwait(false)}} }""")))
                .Build();
            configuration.Bind(options);
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or IOException or System.Text.Json.JsonException)
        {
            await Console.Error.WriteLineAsync($"--products {file.Name} is not a JSON array of products: {exception.Message}").ConfigureAwait(false);
            return false;
        }

        if (options.Products.Count == 0)
        {
            await Console.Error.WriteLineAsync($"--products {file.Name} lists no product.").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static async Task<int> RunAsync(SandboxOptions options, int port, CancellationToken cancellationToken)
    {
        if (SandboxOptionsSummary.Validate(options) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        SandboxServer sandbox;
        try
        {
            sandbox = await SandboxServer.StartAsync(options, port, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            await Console.Error.WriteLineAsync(
                    $"Could not listen on 127.0.0.1:{port}: {exception.Message} Choose another --port (0 picks a free one).")
                .ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await using (sandbox.ConfigureAwait(false))
        {
            Console.Out.WriteLine($"UGiftMe sandbox (in-memory test data) listening on {sandbox.BaseAddress}");
            Console.Out.WriteLine($"UGIFTME_BASE_URL={sandbox.BaseAddress}");
            Console.Out.WriteLine($"UGIFTME_API_KEY={sandbox.ApiKey}");
            Console.Out.WriteLine("(This API key is the sandbox's local test key, not a UGiftMe key: it is safe to print.)");
            foreach (var line in SandboxOptionsSummary.Describe(options))
            {
                Console.Out.WriteLine(line);
            }

            Console.Out.WriteLine("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.Out.WriteLine("Stopping the sandbox.");
            }
        }

        return ExitCodes.Success;
    }
}
