using UGiftMe.Sandbox.Hosting;

namespace UGiftMe.Sandbox;

// The local sandbox, standalone, like stripe-mock (not UGiftMeEnvironment.Sandbox, UGiftMe's hosted staging API): `dotnet run --project UGiftMe.Sandbox [-- --urls http://127.0.0.1:12111]`.
// Settings come from UGiftMe.Sandbox.json, environment variables (Sandbox__OrdersAsync=true) and the command line
// (--Sandbox:OrdersAsync=true); see docs/sandbox.md. An explicit, namespaced entry point rather than top-level
// statements: those make a public global `Program` class, which would clash with the `Program` of every app whose
// tests reference this package (WebApplicationFactory<Program>).
internal static class SandboxProgram
{
    private const string DefaultUrl = "http://127.0.0.1:12111";

    // The standalone settings, next to the program. Not appsettings.json, which every project referencing this one
    // would find in its own output folder and read as its own configuration.
    private const string SettingsFile = "UGiftMe.Sandbox.json";

    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        // Lowest precedence, below environment variables and the command line (see SettingsFile).
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = SettingsFile,
            Optional = true,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
        });
        var options = new SandboxOptions();
        builder.Configuration.GetSection(SandboxOptions.SectionName).Bind(options);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        if (SandboxOptionsSummary.Validate(options) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"Sandbox:{problem}").ConfigureAwait(false);
            }

            return 2;
        }

        var sandbox = new SandboxContext(options);
        await using var disposeSandbox = sandbox.ConfigureAwait(false);
        var app = SandboxApplication.Build(builder, sandbox);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
            {
                // Printed exactly as UGiftMeClientOptions.BaseAddress takes it.
                Console.WriteLine($"UGiftMe local sandbox listening on {url.TrimEnd('/')}/api/v1/business");
            }

            foreach (var key in sandbox.ApiKeys)
            {
                Console.WriteLine($"API key (X-API-Key): {key.Key}");
            }

            foreach (var line in SandboxOptionsSummary.Describe(options))
            {
                Console.WriteLine(line);
            }

            Console.WriteLine("Press Ctrl+C to stop.");
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
