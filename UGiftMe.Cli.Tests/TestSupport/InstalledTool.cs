using System.Diagnostics;
using System.Globalization;

using UGiftMe.Cli.Tests.TestSupport;

// In the tests' root namespace, so the one-time pack and install runs before every fixture.
namespace UGiftMe.Cli.Tests;

/// <summary>
/// Once per test run: packs UGiftMe.Cli (already built with this test project, so <c>--no-build</c>) under a version
/// no other run uses, and installs it with <c>dotnet tool install --tool-path</c> from that package alone, through a
/// NuGet packages folder of its own, so a package cached by an earlier run can never be the one installed. Every test
/// runs the installed <c>ugiftme</c>.
/// </summary>
[SetUpFixture]
public sealed class InstalledTool
{
    private static string? _command;
    private string? _workspace;

    /// <summary>The installed <c>ugiftme</c> executable.</summary>
    public static string Command => _command ?? throw new InvalidOperationException("The tool is not installed yet.");

    /// <summary>The version packed and installed for this run.</summary>
    public static string Version { get; } = string.Create(
        CultureInfo.InvariantCulture, $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}");

    [OneTimeSetUp]
    public async Task PackAndInstallAsync()
    {
        _workspace = Directory.CreateTempSubdirectory("ugiftme-cli-tests-").FullName;
        var feed = Directory.CreateDirectory(Path.Combine(_workspace, "feed")).FullName;
        var tools = Path.Combine(_workspace, "tools");
        var nugetConfig = Path.Combine(_workspace, "nuget.config");
        // Only the freshly packed package can be found: no other source, no shared packages folder.
        await File.WriteAllTextAsync(nugetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_workspace, "packages") };

        await DotNetAsync(
            ["pack", Repository.CliProject, "-c", Repository.Configuration, "--no-build", "--no-restore", "-o", feed, $"-p:PackageVersion={Version}"],
            isolated);
        Assert.That(File.Exists(Path.Combine(feed, $"UGiftMe.Cli.{Version}.nupkg")), "dotnet pack wrote the tool package");
        await DotNetAsync(
            ["tool", "install", "UGiftMe.Cli", "--version", Version, "--tool-path", tools, "--configfile", nugetConfig],
            isolated);
        _command = Path.Combine(tools, OperatingSystem.IsWindows() ? "ugiftme.exe" : "ugiftme");
        Assert.That(File.Exists(_command), $"dotnet tool install created {_command}");
    }

    [OneTimeTearDown]
    public void Remove()
    {
        if (_workspace is not null)
        {
            Directory.Delete(_workspace, recursive: true);
        }
    }

    private static async Task DotNetAsync(string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(DotNetHost.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"dotnet {string.Join(' ', arguments)}:\n{await output}\n{await error}");
    }
}
