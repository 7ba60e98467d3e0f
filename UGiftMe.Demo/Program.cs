using UGiftMe.Demo;

// dotnet run --project UGiftMe.Demo
// No UGIFTME_API_KEY: everything runs locally against an in-process sandbox. With it: against UGiftMe itself.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var settings = DemoSettings.FromEnvironment(Environment.GetEnvironmentVariable);
return await DemoRunner.RunAsync(Console.Out, settings, stop.Token);
