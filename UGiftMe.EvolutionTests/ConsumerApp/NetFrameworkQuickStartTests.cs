using System.Net.Http.Json;
using System.Text.RegularExpressions;
using UGiftMe.PackageTests.Packages;
using UGiftMe.PackageTests.Snippets;
using UGiftMe.PackageTests.TestSupport;

namespace UGiftMe.EvolutionTests.ConsumerApp;

/// <summary>
/// A .NET Framework 4.7.2 shop's first minutes, from the packed packages only: a net472 console app (built with the
/// Microsoft.NETFramework.ReferenceAssemblies package, in an empty folder outside the repository, restoring UGiftMe
/// from this run's package folder into a packages folder of its own) whose Program.cs is README.md's quick start as
/// printed. It runs under Mono, with the two variables `ugiftme sandbox` prints (UGIFTME_BASE_URL, UGIFTME_API_KEY), (Debian's mono-runtime,
/// which `dotnet cake` installs) against the local sandbox, started as its own net10.0 process on 127.0.0.1, and
/// its output is what the quick start prints: the catalog, the order's voucher code and the wallet's ledger.
/// </summary>
[NonParallelizable]
public sealed partial class NetFrameworkQuickStartTests
{
    private const string MonoPath = "/usr/bin/mono";
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    private string _root = null!;
    private SandboxProcess? _sandbox;
    private DotNetCli.Result _build = null!;
    private ProcessRun.Result? _run;

    [OneTimeSetUp]
    public async Task BuildTheConsumerAndRunItUnderMono()
    {
        var version = PackedPackages.ById("UGiftMe").Version;
        Assert.That(File.Exists(MonoPath), Is.True, "mono is missing: `dotnet cake` installs Debian's mono-runtime (apt-get install mono-runtime mono-devel)");

        _root = Directory.CreateTempSubdirectory("ugiftme-net472-").FullName;
        var app = Path.Combine(_root, "QuickStart");
        Directory.CreateDirectory(app);
        await PackedPackages.WriteNuGetConfigAsync(app, _root);
        await File.WriteAllTextAsync(Path.Combine(app, "QuickStart.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net472</TargetFramework>
                <LangVersion>latest</LangVersion>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="UGiftMe" Version="{version}" />
                <PackageReference Include="Microsoft.NETFramework.ReferenceAssemblies" Version="{PinnedVersion("Microsoft.NETFramework.ReferenceAssemblies")}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);

        using var hang = new CancellationTokenSource(HangGuard);
        _sandbox = await SandboxProcess.StartAsync(hang.Token);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), MarkdownSnippets.QuickStart().Code);

        _build = await DotNetCli.RunAsync(app, "build", "-c", "Release");
        if (_build.ExitCode == 0)
        {
            _run = ProcessRun.Run(MonoPath, app, [Path.Combine(app, "bin", "Release", "net472", "QuickStart.exe")],
                new Dictionary<string, string> { ["UGIFTME_BASE_URL"] = _sandbox.ApiBaseAddress.ToString(), ["UGIFTME_API_KEY"] = _sandbox.ApiKey }, HangGuard);
            TestContext.Out.WriteLine(_run.Output);
        }
    }

    [OneTimeTearDown]
    public void StopSandboxAndDeleteTheApp()
    {
        _sandbox?.Dispose();
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public void QuickStart_AsNet472App_BuildsFromThePackedNetStandardAsset()
    {
        Assert.That(_build.ExitCode, Is.Zero, _build.ToString);
        var assets = File.ReadAllText(Path.Combine(_root, "QuickStart", "obj", "project.assets.json"));
        Assert.That(assets, Does.Contain(PackedPackages.Folder.TrimEnd('/')), "UGiftMe was restored from this run's packages");
        Assert.That(assets, Does.Contain("lib/netstandard2.0/UGiftMe.dll"));
    }

    [Test]
    public async Task QuickStart_UnderMono_OrdersAGiftCardAndPrintsWhatTheReadmeSays()
    {
        Assert.That(_run, Is.Not.Null, _build.ToString);
        Assert.That(_run!.ExitCode, Is.Zero, _run.ToString);
        var lines = _run.Output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // The catalog, one product code a line; the order's voucher code, as the sandbox issued it; the ledger.
        Assert.That(lines, Does.Contain("AMAZON_UK_STD"));
        var voucherCode = await _sandbox!.VoucherCodeOfTheOnlyOrderAsync();
        Assert.That(lines, Does.Contain(voucherCode), "the order's voucher code");
        Assert.That(lines.Where(line => LedgerLine().IsMatch(line)), Is.Not.Empty, "the wallet's transactions, as '{Timestamp:u} {Type} {Value}'");
        Assert.That(_run.Output, Does.Not.Contain("Top up").And.Not.Contain("Slow down").And.Not.Contain("Exception"));
    }

    /// <summary>The version Directory.Packages.props pins for <paramref name="package"/>.</summary>
    private static string PinnedVersion(string package) =>
        (string)System.Xml.Linq.XDocument.Load(RepositoryRoot.Combine("Directory.Packages.props")).Descendants("PackageVersion")
            .Single(version => (string?)version.Attribute("Include") == package).Attribute("Version")!;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z \S+ -?\d")]
    private static partial Regex LedgerLine();

    /// <summary>
    /// The local sandbox as its own process (<c>dotnet UGiftMe.Sandbox.dll</c>, net10.0) on a free port of 127.0.0.1,
    /// with the address and key read from the lines it prints.
    /// </summary>
    private sealed class SandboxProcess : IDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly HttpClient _http;

        private SandboxProcess(System.Diagnostics.Process process, Uri apiBaseAddress, string apiKey)
        {
            _process = process;
            ApiBaseAddress = apiBaseAddress;
            ApiKey = apiKey;
            _http = new HttpClient { BaseAddress = new Uri(apiBaseAddress.ToString().TrimEnd('/') + "/") };
            _http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }

        public Uri ApiBaseAddress { get; }

        public string ApiKey { get; }

        public static async Task<SandboxProcess> StartAsync(CancellationToken cancellationToken)
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = TestContext.CurrentContext.TestDirectory,
            };
            foreach (var argument in (string[])[Path.Combine(TestContext.CurrentContext.TestDirectory, "UGiftMe.Sandbox.dll"), "--urls", "http://127.0.0.1:0"])
            {
                start.ArgumentList.Add(argument);
            }

            var process = System.Diagnostics.Process.Start(start)!;
            var transcript = new System.Text.StringBuilder();
            process.ErrorDataReceived += (_, e) => { lock (transcript) { transcript.AppendLine(e.Data); } };
            process.BeginErrorReadLine();
            try
            {
                Uri? address = null;
                string? key = null;
                while ((address is null || key is null) && await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
                {
                    lock (transcript) { transcript.AppendLine(line); }
                    if (line.StartsWith("UGiftMe local sandbox listening on ", StringComparison.Ordinal))
                    {
                        address = new Uri(line["UGiftMe local sandbox listening on ".Length..]);
                    }
                    else if (line.StartsWith("API key (X-API-Key): ", StringComparison.Ordinal))
                    {
                        key = line["API key (X-API-Key): ".Length..];
                    }
                }

                Assert.That(address is not null && key is not null, Is.True, () => $"the sandbox did not print its address and key:{Environment.NewLine}{transcript}");
                return new SandboxProcess(process, address!, key!);
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        public async Task<string> VoucherCodeOfTheOnlyOrderAsync()
        {
            var history = await _http.GetFromJsonAsync<System.Text.Json.JsonElement>("orders");
            var orders = history.GetProperty("orders").EnumerateArray().ToArray();
            Assert.That(orders, Has.Length.EqualTo(1), history.ToString);
            // List entries carry no voucher code; the order's details do.
            var order = await _http.GetFromJsonAsync<System.Text.Json.JsonElement>($"orders/{orders[0].GetProperty("_id").GetString()}");
            return order.GetProperty("merchant").GetProperty("voucherCode").GetString()!;
        }

        public void Dispose()
        {
            _http.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
