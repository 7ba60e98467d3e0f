using UGiftMe.Cli;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
