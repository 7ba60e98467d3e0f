// Orchestration only: every setting lives in MSBuild (Directory.Build.props, the csproj files) or package.json.
// Targets: Test (default) = restore, spec lint, build, pack, every test (with the package tests and the slow test projects
// that a plain `dotnet test` leaves out); Pack = NuGet packages of the shipping projects into artifacts/packages;
// PackageTests = Pack + the package tests alone (with the consumer app's);
// AcceptApi = rewrite the public API snapshots after a reviewed change; SpecDiff / ApiCompat = breaking-change checks
// against the last release named in eng/api-baseline.txt; ApiChecks = the regenerate-and-check cycle after a spec
// change (SpecDiff, the shipping build, snapshots and coverage, ApiCompat; all in docs/api-compatibility.md); Benchmarks = the
// performance figures of docs/benchmarks.md (a few minutes, never part of Test).
#load "eng/spec-update-report.cake"
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
// The longest a single test may run before it is taken for a hang and dumped (see TestSettings): 8 minutes in CI (the
// CI environment variable set), 30 on a developer's machine, where other builds may slow the longest tests past 9.
var hangTimeout = Argument("hang-timeout", string.IsNullOrEmpty(EnvironmentVariable("CI")) ? "30m" : "8m");
// SpecDiff and ApiCompat: record the current breaking changes as accepted, in openapi/accepted-breaking-changes.json
// (reasons to be written by hand) and eng/ApiCompatSuppressions.xml, for review in the pull request.
var acceptBreakingChanges = HasArgument("accept-breaking-changes") || target == "AcceptBreakingChanges";
var solution = "./UGiftMe.slnx";
// The slow test projects: UGiftMe.slnx lists them with <Build Project="false" />, so a plain `dotnet build` or
// `dotnet test` of the solution leaves them out (the contributors' fast loop); this build restores, builds and runs them
// after the solution, with the same settings (docs/design/fast-test-loop.md).
var slowTestProjects = ProjectsTheSolutionDoesNotBuild(solution);
var everyBuildTarget = new[] { solution }.Concat(slowTestProjects).ToArray();
var artifacts = Directory("./artifacts");
var packages = artifacts + Directory("packages");
// Where UGiftMe.PackageTests finds the packages of this run's Pack (it skips those tests when unset).
var packagesVariable = "UGIFTME_PACKAGES";
var spec = File("./openapi/ugiftme-business.yaml");
var acceptedSpecBreaks = File("./openapi/accepted-breaking-changes.json");
var apiCompatSuppressions = File("./eng/ApiCompatSuppressions.xml");
// The surface checks (public API snapshots, spec coverage): a test project that references only the shipping projects,
// built with them in BuildShipping, so the checks run whenever the shipping code compiles, even if a test project, the
// demo or the benchmarks do not.
var apiSurfaceTests = "./UGiftMe.ApiSurface.Tests/UGiftMe.ApiSurface.Tests.csproj";
// Every layer (spec lint, SpecDiff, build, tests incl. snapshots, ApiCompat) reports before the run fails, so one CI
// run shows every layer that objects to a change: a failing task is recorded, the tasks that do not need its output
// still run (the spec checks come before Build, so a compile error cannot hide them), the ones that do are skipped
// with the reason, and the run ends non-zero naming every failure (see the end of this file).
var failedChecks = new List<string>();
// UpdateSpec's working files and report (artifacts/spec-update/), and what the layers left there for it.
var specUpdate = artifacts + Directory("spec-update");
var apiSurfaceResults = artifacts + File("test-results/api-surface.trx");
var apiCompatErrors = new List<string>();

Task("Clean")
    .Does(() =>
{
    CleanDirectory(artifacts);
    foreach (var target in everyBuildTarget)
    {
        DotNetClean(target, new DotNetCleanSettings { Configuration = configuration });
    }
});

Task("NpmInstall")
    .Description("Installs the pinned spec tools (package.json / package-lock.json).")
    .Does(() =>
{
    // `npm ci` deletes and reinstalls node_modules (10-40 s): skipped when the installed tools are from this lock file.
    var stamp = "./node_modules/.ugiftme-npm-ci";
    var lockHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        System.IO.File.ReadAllBytes("./package.json").Concat(System.IO.File.ReadAllBytes("./package-lock.json")).ToArray()));
    if (System.IO.File.Exists(stamp) && System.IO.File.ReadAllText(stamp) == lockHash)
    {
        Information("node_modules is installed from this package-lock.json; npm ci skipped.");
        return;
    }
    // A linked node_modules (UGiftMe.EvolutionTests' regeneration copy links the clone's) belongs to another tree:
    // `npm ci` would empty the folder it points to, under that tree's feet.
    if (new System.IO.DirectoryInfo("./node_modules").LinkTarget is { } linked)
    {
        throw new CakeException($"node_modules links to {linked}, which is not installed from this package-lock.json; run `npm ci` there (or `dotnet cake` in that tree).");
    }
    Npm("ci --no-audit --no-fund");
    System.IO.File.WriteAllText(stamp, lockHash);
})
    .OnError(exception => ReportFailedCheck("NpmInstall", exception));

Task("LintSpec")
    .Description("redocly lint over openapi/.")
    .IsDependentOn("NpmInstall")
    .WithCriteria(() => Passed("NpmInstall"), "NpmInstall failed")
    .Does(() => Npm("run lint"))
    .OnError(exception => ReportFailedCheck("LintSpec", exception));

Task("RedisServer")
    .Description("UGiftMe.Redis.Tests start a real redis-server: installs the Debian package redis-server with apt-get when it is missing.")
    .Does(() =>
{
    if (RedisServerPaths.Any(System.IO.File.Exists))
    {
        return;
    }

    Information("redis-server is missing: installing the Debian package redis-server (apt-get, needs root).");
    var exitCode = StartProcess("sh", new ProcessSettings
    {
        Arguments = "-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server\"",
    });
    if (exitCode != 0 || !RedisServerPaths.Any(System.IO.File.Exists))
    {
        throw new CakeException("redis-server could not be installed (exit code " + exitCode + "); install it yourself (`sudo apt-get install -y redis-server`) and run again.");
    }
})
.OnError(exception => ReportFailedCheck("RedisServer", exception));

Task("MonoRuntime")
    .Description("UGiftMe.EvolutionTests runs a net472 app built from the packed packages under Mono: installs Debian's mono-runtime (and mono-devel, for netstandard.dll) with apt-get when missing.")
    .Does(() =>
{
    if (MonoPackages.All(package => StartProcess("dpkg", new ProcessSettings { Arguments = $"-s {package}", RedirectStandardOutput = true, RedirectStandardError = true }) == 0))
    {
        return;
    }

    Information("Mono is missing: installing the Debian packages " + string.Join(" ", MonoPackages) + " (apt-get, needs root).");
    var exitCode = StartProcess("sh", new ProcessSettings
    {
        Arguments = $"-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {string.Join(" ", MonoPackages)}\"",
    });
    if (exitCode != 0 || !System.IO.File.Exists("/usr/bin/mono"))
    {
        throw new CakeException($"Mono could not be installed (exit code {exitCode}); install it yourself (`sudo apt-get install -y {string.Join(" ", MonoPackages)}`) and run again.");
    }
})
.OnError(exception => ReportFailedCheck("MonoRuntime", exception));

Task("Restore")
    .Does(() =>
{
    foreach (var target in everyBuildTarget)
    {
        DotNetRestore(target);
    }
})
.OnError(exception => ReportFailedCheck("Restore", exception));

Task("BuildShipping")
    .Description("Builds the shipping projects and UGiftMe.ApiSurface.Tests (which needs only them), before the rest.")
    .Does(() =>
{
    // One solution of just these projects: one MSBuild run builds them in parallel, each once.
    EnsureDirectoryExists(artifacts);
    var shippingSolution = artifacts + File("shipping.slnx");
    var projects = ShippingProjects().Select(project => MakeAbsolute(project).FullPath).Append(MakeAbsolute(File(apiSurfaceTests)).FullPath);
    System.IO.File.WriteAllText(shippingSolution,
        "<Solution>" + string.Concat(projects.Select(project => $"<Project Path=\"{project}\" />")) + "</Solution>\n");
    // Restores only these (Restore does the rest for Build): the regenerate-and-check cycle skips the other projects.
    var settings = BuildSettings();
    settings.NoRestore = false;
    // Its compile errors also go to a file, for UpdateSpec's report (which shipping code a spec change breaks).
    var errors = MakeAbsolute(artifacts + File("shipping-build-errors.log")).FullPath;
    settings.ArgumentCustomization = args => args.Append($"-flp:errorsonly;logfile={errors}");
    DotNetBuild(shippingSolution, settings);
})
.OnError(exception => ReportFailedCheck("BuildShipping", exception));

Task("ApiSurface")
    .Description("The public API snapshots and the spec coverage checks (UGiftMe.ApiSurface.Tests) on the shipping build.")
    .IsDependentOn("BuildShipping")
    .WithCriteria(() => ShippingBuilt(), "the shipping projects did not compile")
    .Does(() =>
{
    var settings = TestSettings();
    settings.Loggers.Add($"trx;LogFileName={MakeAbsolute(apiSurfaceResults).FullPath}");
    DotNetTest(apiSurfaceTests, settings);
})
    .OnError(exception => ReportFailedCheck("ApiSurface", exception));

Task("Build")
    .IsDependentOn("Restore")
    .IsDependentOn("BuildShipping")
    .WithCriteria(() => Passed("Restore") && ShippingBuilt(), "Restore failed, or the shipping projects did not compile (BuildShipping names the errors)")
    .Does(() =>
{
    // The slow test projects after the solution, with the same properties: the projects they reference are then up to
    // date, not rebuilt differently (Pack ships the solution's assemblies as built).
    foreach (var target in everyBuildTarget)
    {
        DotNetBuild(target, BuildSettings());
    }
})
.OnError(exception => ReportFailedCheck("Build", exception));

DotNetBuildSettings BuildSettings() => new DotNetBuildSettings
{
    Configuration = configuration,
    NoRestore = true,
    // Deterministic source paths (/_/...) in the PDBs in any clone, not only when CI=true is set: Pack ships these.
    MSBuildSettings = new DotNetMSBuildSettings().WithProperty("ContinuousIntegrationBuild", "true"),
};

Task("UnitTests")
    .IsDependentOn("NpmInstall") // the spec diff (redocly) and Prism of the tests are the pinned npm tools
    .IsDependentOn("RedisServer") // UGiftMe.Redis.Tests
    .IsDependentOn("MonoRuntime") // the net472 consumer of UGiftMe.EvolutionTests
    .IsDependentOn("Build")
    .WithCriteria(() => Built(), "the build failed, there is nothing to test")
    .IsDependentOn("Pack")       // UGiftMe.PackageTests and the consumer app of UGiftMe.EvolutionTests use the packed packages
    .Does(() =>
{
    // The solution's test projects (in parallel), then each slow one; every run reports, even after a failing one.
    // UGiftMe.EvolutionTests' regeneration fixtures, the longest run by far (one build after another in a copy of the
    // tree, which leaves a core idle much of the time), start first and run beside the others instead of after them,
    // with that project's consumer apps; the rest of it (the spec diff's node processes) joins the end of the others'
    // queue, so that both queues end at about the same time. The regeneration builds are the longest chain, so the
    // others' queue yields the CPU to them (nice 10, where there is a nice): it has time to spare, they have none.
    var failed = new System.Collections.Concurrent.ConcurrentQueue<string>();
    var started = DateTime.UtcNow;
    var nice = IsRunningOnWindows() ? null : new[] { "/usr/bin/nice", "/bin/nice" }.FirstOrDefault(System.IO.File.Exists);
    var dotnet = Context.Tools.Resolve("dotnet")?.FullPath ?? "dotnet";
    void Run(string target, string filter = null, bool yieldCpu = false)
    {
        var name = target + (filter is null ? "" : $" ({filter})");
        var from = DateTime.UtcNow - started;
        try
        {
            var settings = TestSettings();
            settings.Filter = filter;
            if (yieldCpu && nice is not null)
            {
                var arguments = settings.ArgumentCustomization;
                settings.ToolPath = nice;
                settings.ArgumentCustomization = args => new ProcessArgumentBuilder()
                    .Append("-n").Append("10").AppendQuoted(dotnet).Append(arguments(args).Render());
            }
            DotNetTest(target, settings);
        }
        catch (CakeException exception)
        {
            Error($"{name}: {exception.Message}");
            failed.Enqueue(target);
        }
        // Which queue sets the length: each run's span from the task's start, in the log.
        Information($"Tests of {name}: {from:m\\:ss} to {DateTime.UtcNow - started:m\\:ss} into UnitTests.");
    }
    var longest = everyBuildTarget.FirstOrDefault(target => target.EndsWith("/UGiftMe.EvolutionTests.csproj", StringComparison.Ordinal));
    const string besideTheOthers = "FullyQualifiedName~UGiftMe.EvolutionTests.Regeneration.|FullyQualifiedName~UGiftMe.EvolutionTests.ConsumerApp.";
    const string afterTheOthers = "FullyQualifiedName!~UGiftMe.EvolutionTests.Regeneration.&FullyQualifiedName!~UGiftMe.EvolutionTests.ConsumerApp.";
    var beside = longest is null ? null : System.Threading.Tasks.Task.Run(() => Run(longest, besideTheOthers));
    foreach (var target in everyBuildTarget.Where(target => target != longest))
    {
        Run(target, yieldCpu: longest is not null);
    }
    if (longest is not null)
    {
        Run(longest, afterTheOthers, yieldCpu: true);
    }
    beside?.Wait();
    if (!failed.IsEmpty)
    {
        throw new CakeException($"Tests failed in {string.Join(", ", failed)}.");
    }
})
.OnError(exception => ReportFailedCheck("UnitTests", exception));

Task("AcceptApi")
    .Description("Rewrites UGiftMe.Tests/PublicApi/__snapshots__ from the current build; review with `git diff` and commit.")
    .IsDependentOn("BuildShipping")
    .WithCriteria(() => ShippingBuilt(), "the shipping projects did not compile")
    .Does(() =>
{
    // Snapshooter never overwrites a snapshot that differs, so the old ones go first and non-strict mode writes anew.
    DeleteFiles("./UGiftMe.Tests/PublicApi/__snapshots__/*.PublicApi.snap");
    DotNetTest(apiSurfaceTests, new DotNetTestSettings
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

Task("SpecDiff")
    .Description("Fails on a breaking change of openapi/ against the baseline release's spec (redocly diff + accepted list).")
    .IsDependentOn("NpmInstall")
    .WithCriteria(() => Passed("NpmInstall"), "NpmInstall failed")
    .Does(() =>
{
    var baselineSpec = artifacts + Directory("api-baseline") + File($"ugiftme-business.{BaselineCommit()}.yaml");
    EnsureDirectoryExists(artifacts + Directory("api-baseline"));
    var specInGit = Git($"show {BaselineCommit()}:openapi/ugiftme-business.yaml");
    System.IO.File.WriteAllText(baselineSpec, specInGit);
    Run("node", $"eng/spec-diff.mjs \"{baselineSpec}\" \"{spec}\" --accepted \"{acceptedSpecBreaks}\""
        + (acceptBreakingChanges ? " --write-accepted" : string.Empty));
})
.OnError(exception => ReportFailedCheck("SpecDiff", exception));

Task("ApiBaselineBuild")
    .Description("Builds the shipping projects of the baseline commit (cached in artifacts/api-baseline/<commit>/).")
    .Does(() =>
{
    var commit = BaselineCommit();
    var root = artifacts + Directory("api-baseline") + Directory(commit);
    var done = root + File(".built");
    if (FileExists(done))
    {
        Information($"Baseline {commit} already built in {root}.");
        return;
    }

    CleanDirectory(root);
    var source = root + Directory("src");
    EnsureDirectoryExists(source);
    // git archive, not a worktree: nothing is registered in .git, and the tree is exactly the committed one.
    var archive = root + File("src.tar");
    Git($"archive --format=tar -o \"{MakeAbsolute(archive)}\" {commit}");
    Run("tar", $"-xf \"{MakeAbsolute(archive)}\" -C \"{MakeAbsolute(source)}\"");
    DeleteFile(archive);

    foreach (var project in ShippingProjects(source))
    {
        DotNetBuild(project.Path.FullPath, new DotNetBuildSettings
        {
            Configuration = "Release",
            OutputDirectory = root + Directory("bin") + Directory(project.AssemblyName),
            // The baseline only has to compile, not to satisfy today's analyzers.
            MSBuildSettings = new DotNetMSBuildSettings()
                .WithProperty("TreatWarningsAsErrors", "false")
                .WithProperty("RunAnalyzers", "false")
                .WithProperty("GenerateDocumentationFile", "false"),
        });
    }
    System.IO.File.WriteAllText(done, commit);
})
.OnError(exception => ReportFailedCheck("ApiBaselineBuild", exception));

Task("ApiCompat")
    .Description("Fails when a public member of a shipping assembly was removed or changed since the baseline build.")
    .IsDependentOn("BuildShipping")
    .IsDependentOn("ApiBaselineBuild")
    .WithCriteria(() => ShippingBuilt() && Passed("ApiBaselineBuild"), "the current shipping build or the baseline build failed, there is nothing to compare")
    .Does(() =>
{
    var baselineBin = artifacts + Directory("api-baseline") + Directory(BaselineCommit()) + Directory("bin");
    var arguments = new List<string>();
    foreach (var project in ShippingProjects(Directory(".")))
    {
        // One build per target framework (UGiftMe and UGiftMe.Redis: netstandard2.0 and net10.0), each compared with the baseline.
        var builds = GetFiles($"{project.Path.GetDirectory()}/bin/{configuration}/*/{project.AssemblyName}.dll");
        if (builds.Count == 0)
        {
            throw new CakeException($"{project.AssemblyName}.dll of {project.Path} is not built.");
        }
        var baseline = baselineBin + Directory(project.AssemblyName) + File($"{project.AssemblyName}.dll");
        if (!FileExists(baseline))
        {
            Information($"{project.AssemblyName}: not in the baseline (new since it), nothing to compare.");
            continue;
        }
        foreach (var current in builds)
        {
            Information($"{project.AssemblyName}: {baseline} -> {current}");
            arguments.Add($"--left \"{MakeAbsolute(baseline)}\" --right \"{MakeAbsolute(current)}\"");
        }
    }
    if (arguments.Count == 0)
    {
        return;
    }

    // Suppressions name assemblies as baseline/X.dll and current/X.dll, not by machine-specific absolute paths.
    arguments.Add("--left-assemblies-transformation-pattern \".*[/\\\\]([^/\\\\]+\\.dll)$;baseline/$1\"");
    arguments.Add("--right-assemblies-transformation-pattern \".*[/\\\\]([^/\\\\]+\\.dll)$;current/$1\"");
    arguments.Add("--enable-rule-cannot-change-parameter-name");
    if (acceptBreakingChanges)
    {
        arguments.Add($"--generate-suppression-file --suppression-output-file \"{MakeAbsolute(apiCompatSuppressions)}\"");
    }
    else if (FileExists(apiCompatSuppressions))
    {
        arguments.Add($"--suppression-file \"{MakeAbsolute(apiCompatSuppressions)}\"");
    }
    using (var apiCompat = StartAndReturnProcess("dotnet", new ProcessSettings
    {
        Arguments = "apicompat " + string.Join(" ", arguments),
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    }))
    {
        apiCompat.WaitForExit();
        var output = apiCompat.GetStandardOutput().Concat(apiCompat.GetStandardError()).ToList();
        output.ForEach(line => Information("{0}", line)); // lines may hold braces (generic members in doc ids)
        apiCompatErrors.AddRange(output.Where(line => line.Contains("error CP", StringComparison.Ordinal)).Select(line => line.Trim()));
        if (apiCompat.GetExitCode() != 0)
        {
            throw new CakeException($"dotnet apicompat failed with exit code {apiCompat.GetExitCode()}.");
        }
    }
    if (acceptBreakingChanges)
    {
        Information($"Breaking changes written to {apiCompatSuppressions} as accepted; review it with `git diff` and commit.");
    }
})
.OnError(exception => ReportFailedCheck("ApiCompat", exception));

Task("AcceptBreakingChanges")
    .Description("Records the current spec and assembly breaking changes as accepted (files to review and commit).")
    .IsDependentOn("SpecDiff")
    .IsDependentOn("ApiCompat");

Task("MoveApiBaseline")
    .Description("At a release: points eng/api-baseline.txt at --commit (default HEAD) and clears the accepted breaks.")
    .Does(() =>
{
    var commit = Git($"rev-parse --verify {Argument("commit", "HEAD")}^{{commit}}").Trim();
    var lines = System.IO.File.ReadAllLines("eng/api-baseline.txt").Where(l => l.TrimStart().StartsWith('#'));
    System.IO.File.WriteAllLines("eng/api-baseline.txt", lines.Append(commit));
    var accepted = System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(acceptedSpecBreaks))!;
    accepted["accepted"] = new System.Text.Json.Nodes.JsonArray();
    var indented = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
    System.IO.File.WriteAllText(acceptedSpecBreaks, accepted.ToJsonString(indented) + "\n");
    if (FileExists(apiCompatSuppressions))
    {
        DeleteFile(apiCompatSuppressions);
    }
    Information($"Baseline moved to {commit}; accepted breaks cleared. Review with `git diff` and commit.");
});

Task("Benchmarks")
    .Description("Runs UGiftMe.Benchmarks (short BenchmarkDotNet jobs + the polling simulation) and rewrites docs/benchmarks.md; not part of Test.")
    .Does(() =>
{
    var started = DateTime.UtcNow;
    // Always Release: BenchmarkDotNet refuses a Debug build, and the figures only mean something optimised.
    DotNetRun("./UGiftMe.Benchmarks/UGiftMe.Benchmarks.csproj", new ProcessArgumentBuilder()
        .Append("report")
        .Append("--out").AppendQuoted(MakeAbsolute(File("./docs/benchmarks.md")).FullPath)
        .Append("--artifacts").AppendQuoted(MakeAbsolute(artifacts + Directory("benchmarks")).FullPath),
        new DotNetRunSettings { Configuration = "Release" });
    Information($"Benchmarks took {(DateTime.UtcNow - started).TotalMinutes:0.0} min (build included); review docs/benchmarks.md with `git diff` and commit.");
});

Task("ApiChecks")
    .Description("The regenerate-and-check cycle after a spec change: SpecDiff, the shipping build (regenerates), snapshots and coverage, ApiCompat.")
    .IsDependentOn("SpecDiff")
    .IsDependentOn("BuildShipping")
    .IsDependentOn("ApiSurface")
    .IsDependentOn("ApiCompat");

Task("ApplyProviderSpec")
    .Description("UpdateSpec's first step: the provider's document (--from, a file or URL) plus our overlay becomes openapi/ugiftme-business.yaml.")
    .IsDependentOn("NpmInstall")
    .WithCriteria(() => Passed("NpmInstall"), "NpmInstall failed")
    .Does(() =>
{
    var from = Argument<string>("from", null) ?? throw new CakeException("UpdateSpec needs --from=<the provider's OpenAPI file or https URL>.");
    CleanDirectory(specUpdate);
    var previous = specUpdate + File("previous.yaml");
    CopyFile(spec, previous);
    Run("node", $"eng/update-spec.mjs \"{from}\" --overlay openapi/ugiftme.overlay.yaml --out \"{spec}\" --notes \"{specUpdate + File("notes.json")}\"");
    // Our previous spec to the new one: what this release of the provider changes (SpecDiff compares with the last release).
    var exitCode = StartProcess("node", new ProcessSettings
    {
        Arguments = $"eng/spec-diff.mjs \"{previous}\" \"{spec}\" --accepted \"{acceptedSpecBreaks}\" --json \"{specUpdate + File("changes.json")}\"",
        EnvironmentVariables = new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off" },
    });
    if (exitCode is not (0 or 1))
    {
        throw new CakeException($"eng/spec-diff.mjs could not compare the previous spec with the new one (exit code {exitCode}).");
    }
    if (DirectoryExists("./UGiftMe.Tests/PublicApi/__snapshots__/__mismatch__"))
    {
        DeleteDirectory("./UGiftMe.Tests/PublicApi/__snapshots__/__mismatch__", new DeleteDirectorySettings { Recursive = true });
    }
})
.OnError(exception => ReportFailedCheck("ApplyProviderSpec", exception));

Task("UpdateSpec")
    .Description("The provider published a new spec: --from=<file or https URL>; applies our overlay, lints the result, regenerates, runs ApiChecks and writes artifacts/spec-update/report.md.")
    .IsDependentOn("ApplyProviderSpec")
    .IsDependentOn("LintSpec")
    .IsDependentOn("ApiChecks")
    .WithCriteria(() => Passed("ApplyProviderSpec"), "the provider's document could not be applied")
    .Does(() =>
{
    var surface = new Dictionary<string, (IReadOnlyList<string> Removed, IReadOnlyList<string> Added)>();
    var mismatches = "./UGiftMe.Tests/PublicApi/__snapshots__/__mismatch__";
    foreach (var mismatch in DirectoryExists(mismatches) ? GetFiles($"{mismatches}/*.PublicApi.snap") : Enumerable.Empty<FilePath>())
    {
        var assembly = mismatch.GetFilename().ToString()[..^".PublicApi.snap".Length];
        var committed = System.IO.File.ReadAllText($"./UGiftMe.Tests/PublicApi/__snapshots__/{mismatch.GetFilename()}");
        surface[assembly] = SpecUpdateReport.LineDiff(committed, System.IO.File.ReadAllText(mismatch.FullPath));
    }
    var coverage = new List<string>();
    if (!Passed("BuildShipping") && FileExists(artifacts + File("shipping-build-errors.log")))
    {
        coverage.AddRange(System.IO.File.ReadAllLines(artifacts + File("shipping-build-errors.log"))
            .Where(line => line.Contains(": error ", StringComparison.Ordinal))
            .Select(line => "build: " + line.Replace(MakeAbsolute(Directory(".")).FullPath + "/", "").Split(" [")[0])
            .Distinct());
    }
    if (Passed("BuildShipping") && FileExists(apiSurfaceResults))
    {
        var ns = System.Xml.Linq.XNamespace.Get("http://microsoft.com/schemas/VisualStudio/TeamTest/2010");
        coverage.AddRange(System.Xml.Linq.XDocument.Load(apiSurfaceResults.Path.FullPath).Descendants(ns + "UnitTestResult")
            // The snapshot tests' differences are the section above; every other failure is a coverage finding.
            .Where(result => (string)result.Attribute("outcome") == "Failed" && !((string)result.Attribute("testName")).StartsWith("PublicApi_ComparedWithCommittedSnapshot", StringComparison.Ordinal))
            .Select(result => $"{result.Attribute("testName")?.Value}: {string.Join(" ", (result.Descendants(ns + "Message").FirstOrDefault()?.Value ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))}"));
    }
    var inputs = new SpecUpdateInputs(
        Argument<string>("from"),
        SpecUpdateReport.ReadChanges(specUpdate + File("changes.json")),
        SpecUpdateReport.ReadOperations(specUpdate + File("facade-calls.json")),
        System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(specUpdate + File("notes.json"))),
        surface, coverage, apiCompatErrors, failedChecks.ToList());
    var report = specUpdate + File("report.md");
    System.IO.File.WriteAllText(report, SpecUpdateReport.Markdown(inputs));
    Information("");
    Information($"Spec update: {inputs.Changes.Count(c => c.Impact == "major")} breaking, {inputs.Changes.Count(c => c.Impact == "minor")} minor, {inputs.Changes.Count(c => c.Impact == "patch")} patch change(s); {surface.Values.Sum(d => d.Removed.Count + d.Added.Count)} public API line(s) changed; {coverage.Count} coverage finding(s); {apiCompatErrors.Count} ApiCompat error(s).");
    if (SpecUpdateReport.CallsBrokenWithoutAcceptance(inputs) is { Count: > 0 } brokenCalls)
    {
        Information($"Facade calls that unaccepted breaking changes make behave differently: {string.Join(", ", brokenCalls)}.");
    }
    Information($"Implied version bump: {SpecUpdateReport.Bump(inputs)}. Failed layers: {(failedChecks.Count == 0 ? "none" : string.Join(", ", failedChecks))}.");
    Information($"Report: {MakeAbsolute(report)}");
});

Task("Checks")
    .Description("Every layer short of the test suites: spec lint, ApiChecks, then the whole build (demo, benchmarks, tests).")
    .IsDependentOn("LintSpec")
    .IsDependentOn("ApiChecks")
    .IsDependentOn("Build");

Task("Test")
    .Description("Everything CI checks, in this order: spec lint, SpecDiff, the shipping build, snapshots and coverage, ApiCompat, the whole build, the whole test suite.")
    .IsDependentOn("Checks")
    .IsDependentOn("UnitTests");

Task("Pack")
    .Description("NuGet packages (user README, icon, release notes, XML docs, symbols, SourceLink) of the shipping projects, into artifacts/packages/.")
    .IsDependentOn("Build")
    .WithCriteria(() => Built(), "the build failed, there is nothing to pack")
    .Does(() =>
{
    // Only this run's packages: the package tests and the consumer smoke test read the whole folder.
    CleanDirectory(packages);
    foreach (var project in ShippingProjects())
    {
        DotNetPack(project.FullPath, new DotNetPackSettings
        {
            Configuration = configuration,
            NoRestore = true,
            NoBuild = true,   // the assemblies Build compiled (and the tests test) are the ones shipped
            OutputDirectory = packages,
        });
    }
})
.OnError(exception => ReportFailedCheck("Pack", exception));

Task("PackageTests")
    .Description("Pack, then the package tests alone: package contents (UGiftMe.PackageTests), and a new console app that restores the packages, compiles the README quick start and warns in a trimmed publish, and a net472 one that runs it under Mono (UGiftMe.EvolutionTests' ConsumerApp).")
    .IsDependentOn("MonoRuntime")
    .IsDependentOn("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    DotNetTest("./UGiftMe.PackageTests/UGiftMe.PackageTests.csproj", TestSettings());
    var consumerApp = TestSettings();
    consumerApp.Filter = "FullyQualifiedName~UGiftMe.EvolutionTests.ConsumerApp.";
    DotNetTest("./UGiftMe.EvolutionTests/UGiftMe.EvolutionTests.csproj", consumerApp);
});

// How UnitTests and PackageTests run a test project or the solution: on this build, with the packed packages.
DotNetTestSettings TestSettings() => new DotNetTestSettings
{
    Configuration = configuration,
    NoBuild = true,
    NoRestore = true,
    Loggers = { "console;verbosity=normal" },
    // Tests carry no real-time budgets (fake clocks and signals); a test that hangs is reported here, with a dump, and
    // fails naming the test. The bound is per test (with its fixture's set-up) and is short enough to end a hang inside
    // CI's 15-minute budget when it is in the first tests (they start a few minutes in), long enough for the longest
    // tests: the cake runs in the regeneration copy (UpdateSpecEndToEndTests) and the consumer app's trimmed publish, a
    // small part of UGiftMe.EvolutionTests' 7 to 8 minutes in CI. On a machine loaded by other builds they took 9.2
    // minutes (load average 20-23) and over 5: hence 30 minutes outside CI.
    ArgumentCustomization = args => args.Append("--blame-hang-timeout").Append(hangTimeout),
    // A missing or different public API snapshot fails, for developers as in CI; accepting is AcceptApi's job.
    EnvironmentVariables = { ["SNAPSHOOTER_STRICT_MODE"] = "true", [packagesVariable] = MakeAbsolute(packages).FullPath },
};

// The projects a solution lists with <Build Project="false" /> (in every configuration): here, the slow test projects.
string[] ProjectsTheSolutionDoesNotBuild(string solutionPath) =>
    System.Xml.Linq.XDocument.Load(solutionPath).Descendants("Project")
        .Where(project => project.Elements("Build").Any(build => build.Attribute("Solution") is null && (string)build.Attribute("Project") == "false"))
        .Select(project => "./" + (string)project.Attribute("Path"))
        .ToArray();

IEnumerable<FilePath> ShippingProjects() =>
    GetFiles("./*/*.csproj").Where(project => System.IO.File.ReadAllText(project.FullPath).Contains("<IsShipping>true</IsShipping>"));

RunTarget(target);
if (failedChecks.Count > 0)
{
    throw new CakeException($"Failed: {string.Join(", ", failedChecks)}.");
}

// Mono for the net472 quick start (UGiftMe.EvolutionTests/ConsumerApp/NetFrameworkQuickStartTests.cs): mono-runtime,
// and mono-devel for the framework facades (netstandard.dll) that .NET Framework 4.7.2+ has built in and Mono keeps there.
string[] MonoPackages => new[] { "mono-runtime", "mono-devel" };

// Where UGiftMe.Redis.Tests/RedisServer.cs looks for it.
string[] RedisServerPaths => new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" };

bool Passed(string task) => !failedChecks.Contains(task);

bool ShippingBuilt() => Passed("BuildShipping");

bool Built() => ShippingBuilt() && Passed("Restore") && Passed("Build");

void ReportFailedCheck(string task, Exception exception)
{
    Error($"{task} failed: {exception.Message}");
    failedChecks.Add(task);
}

void Npm(string arguments) => Run("npm", arguments);

void Run(string tool, string arguments)
{
    var exitCode = StartProcess(tool, new ProcessSettings
    {
        Arguments = arguments,
        EnvironmentVariables = new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off" },
    });
    if (exitCode != 0)
    {
        throw new CakeException($"{tool} {arguments} failed with exit code {exitCode}.");
    }
}

string Git(string arguments)
{
    var exitCode = StartProcess("git", new ProcessSettings { Arguments = arguments, RedirectStandardOutput = true }, out var output);
    if (exitCode != 0)
    {
        throw new CakeException($"git {arguments} failed with exit code {exitCode}.");
    }
    return string.Join("\n", output) + "\n";
}

// The last released commit, from eng/api-baseline.txt (first line that is not blank or a # comment).
string BaselineCommit()
{
    var line = System.IO.File.ReadAllLines("eng/api-baseline.txt")
        .Select(l => l.Trim())
        .FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'))
        ?? throw new CakeException("eng/api-baseline.txt names no commit.");
    var exitCode = StartProcess("git", new ProcessSettings { Arguments = $"rev-parse --verify --quiet {line}^{{commit}}", RedirectStandardOutput = true }, out var resolved);
    if (exitCode != 0)
    {
        throw new CakeException($"The baseline commit {line} (eng/api-baseline.txt) is not in this clone; a shallow clone needs `git fetch --unshallow`.");
    }
    return resolved.Single().Trim();
}

// Shipping projects (<IsShipping>true</IsShipping>) under a source tree, with their assembly names.
IEnumerable<(FilePath Path, string AssemblyName)> ShippingProjects(DirectoryPath root)
{
    foreach (var project in GetFiles($"{MakeAbsolute(root)}/*/*.csproj"))
    {
        var xml = System.Xml.Linq.XDocument.Load(project.FullPath);
        string Property(string name) => xml.Descendants(name).Select(e => e.Value.Trim()).LastOrDefault();
        if (Property("IsShipping") == "true")
        {
            yield return (project, Property("AssemblyName") ?? project.GetFilenameWithoutExtension().ToString());
        }
    }
}
