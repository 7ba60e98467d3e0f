using System.CommandLine;
using UGiftMe.Cli.Output;

namespace UGiftMe.Cli.Api;

/// <summary><c>ugiftme wallet</c>: the balance of each wallet (GET /wallet).</summary>
internal static class WalletCommand
{
    public static Command Create()
    {
        var command = new Command("wallet", "Show the balance of each wallet of the account (GET /wallet).");
        var api = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => api.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var wallets = (await client.Wallet.ListAsync(ct).ConfigureAwait(false)).Value;
                if (api.WantsJson(parseResult))
                {
                    JsonOutput.Write(Console.Out, wallets);
                    return ExitCodes.Success;
                }

                var table = new Table("currency", "balance", "transactions", "updated");
                foreach (var wallet in wallets)
                {
                    table.Add(wallet.Currency, wallet.Balance, wallet.Transactions?.Count, wallet.UpdatedAt);
                }

                table.WriteTo(Console.Out);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
