using System.CommandLine;
using UGiftMe.Cli.Api;
using UGiftMe.Cli.Campaign;
using UGiftMe.Cli.Listen;
using UGiftMe.Cli.Sandbox;
using UGiftMe.Cli.Trigger;
using UGiftMe.Cli.Verify;

namespace UGiftMe.Cli;

/// <summary>The command tree and its invocation.</summary>
internal static class CliApplication
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand(
            "ugiftme: the UGiftMe sandbox on your machine, signed test webhooks, a live webhook listener and quick "
            + "Business API calls. API commands read UGIFTME_API_KEY (never printed) and UGIFTME_BASE_URL.");
        root.Subcommands.Add(SandboxCommand.Create());
        root.Subcommands.Add(TriggerCommand.Create());
        root.Subcommands.Add(ListenCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(AuthCommand.Create());
        root.Subcommands.Add(WalletCommand.Create());
        root.Subcommands.Add(ProductsCommand.Create());
        root.Subcommands.Add(OrdersCommand.Create());
        root.Subcommands.Add(CampaignCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parseResult = CreateRootCommand().Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not System.CommandLine.Help.HelpAction)
        {
            // An unknown first word also leaves the root without a command; saying so as well would only confuse.
            var unknownCommand = parseResult.CommandResult.Command is RootCommand && parseResult.UnmatchedTokens.Count > 0;
            foreach (var error in parseResult.Errors.Where(e => !unknownCommand || parseResult.UnmatchedTokens.Any(token => e.Message.Contains($"'{token}'", StringComparison.Ordinal))))
            {
                await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'ugiftme --help' (or '<command> --help') for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // Ctrl+C (and SIGTERM) cancel the token each command gets; sandbox and listen then shut down cleanly (listen
        // deletes its subscription), so they get a few seconds before the process is ended anyway.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
        return await parseResult.InvokeAsync(invocation).ConfigureAwait(false);
    }
}
