// Orchestration only: every setting lives in MSBuild (Directory.Build.props, the csproj files) or package.json.
// Targets: Test (default) = restore, spec lint, build, every test; Pack = NuGet packages of the shipping projects;
// AcceptApi = rewrite the public API snapshots after a reviewed change (docs/api-compatibility.md).
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = "./UGiftMe.slnx";
var artifacts = Directory("./artifacts");

Task("Clean")
    .Does(() =>
{
    CleanDirectory(artifacts);
    DotNetClean(solution, new DotNetCleanSettings { Configuration = configuration });
});

Task("NpmInstall")
    .Description("Installs the pinned spec tools (package.json / package-lock.json).")
    .Does(() => Npm("ci --no-audit --no-fund"));

Task("LintSpec")
    .Description("redocly lint over openapi/.")
    .IsDependentOn("NpmInstall")
    .Does(() => Npm("run lint"));

Task("Restore")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    }));

Task("UnitTests")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = { "console;verbosity=normal" },
        // A missing or different public API snapshot fails, for developers as in CI; accepting is AcceptApi's job.
        EnvironmentVariables = { ["SNAPSHOOTER_STRICT_MODE"] = "true" },
    }));

Task("AcceptApi")
    .Description("Rewrites UGiftMe.Tests/PublicApi/__snapshots__ from the current build; review with `git diff` and commit.")
    .IsDependentOn("Build")
    .Does(() =>
{
    // Snapshooter never overwrites a snapshot that differs, so the old ones go first and non-strict mode writes anew.
    DeleteFiles("./UGiftMe.Tests/PublicApi/__snapshots__/*.PublicApi.snap");
    DotNetTest("./UGiftMe.Tests/UGiftMe.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Filter = "FullyQualifiedName~UGiftMe.Tests.PublicApi.PublicApiSnapshotTests.PublicApi_",
        EnvironmentVariables = { ["SNAPSHOOTER_STRICT_MODE"] = "false" },
    });
    var mismatches = Directory("./UGiftMe.Tests/PublicApi/__snapshots__/__mismatch__");
    if (DirectoryExists(mismatches))
    {
        DeleteDirectory(mismatches, new DeleteDirectorySettings { Recursive = true });
    }
    Information("Public API snapshots rewritten. Review them with `git diff -- UGiftMe.Tests/PublicApi/__snapshots__` and commit.");
});

Task("Test")
    .Description("Everything CI checks: spec lint, build and the whole test suite.")
    .IsDependentOn("LintSpec")
    .IsDependentOn("UnitTests");

Task("Pack")
    .Description("NuGet packages (with README, XML docs, symbols and SourceLink) for the shipping projects, into artifacts/.")
    .IsDependentOn("Build")
    .Does(() => DotNetPack(solution, new DotNetPackSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        OutputDirectory = artifacts,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("EnableSourceLink", "true"),
    }));

RunTarget(target);

void Npm(string arguments)
{
    var exitCode = StartProcess("npm", new ProcessSettings
    {
        Arguments = arguments,
        EnvironmentVariables = new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off" },
    });
    if (exitCode != 0)
    {
        throw new CakeException($"npm {arguments} failed with exit code {exitCode}.");
    }
}
