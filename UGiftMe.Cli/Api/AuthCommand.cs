using System.CommandLine;
using UGiftMe.Cli.Output;

namespace UGiftMe.Cli.Api;

/// <summary><c>ugiftme auth</c>: checks the key (GET /auth) and shows the account it belongs to.</summary>
internal static class AuthCommand
{
    public static Command Create()
    {
        var command = new Command("auth", "Verify UGIFTME_API_KEY and show the account it belongs to (GET /auth).");
        var api = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => api.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var account = (await client.Auth.VerifyAsync(ct).ConfigureAwait(false)).Value;
                if (api.WantsJson(parseResult))
                {
                    JsonOutput.Write(Console.Out, account);
                    return ExitCodes.Success;
                }

                new Table("field", "value")
                    .Add("api", client.BaseAddress)
                    .Add("account", account.Id)
                    .Add("name", account.Name)
                    .Add("verification", account.VerificationStatus)
                    .Add("email", account.Email)
                    .Add("plan", account.Plan)
                    .WriteTo(Console.Out);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
