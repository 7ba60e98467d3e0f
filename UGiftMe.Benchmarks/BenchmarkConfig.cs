using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace UGiftMe.Benchmarks;

/// <summary>
/// One short job for every benchmark, sized to finish in a few minutes on a shared 2-core machine. Every figure is
/// read as a ratio to the baseline of its own table, measured minutes apart in the same process.
/// </summary>
internal static class BenchmarkConfig
{
    public static IConfig Create(string artifactsPath) => ManualConfig.CreateEmpty()
        .AddJob(Job.ShortRun
            // In-process: no second project to generate and build (the repo's strict Directory.Build.props would
            // apply to BenchmarkDotNet's generated one), and one process for the whole run.
            .WithToolchain(InProcessEmitToolchain.Instance)
            // ShortRun's 3 measured iterations of 500 ms let one burst of a noisy neighbour decide a ratio; 15 shorter
            // ones cost little more, show the noise in Error/StdDev/RatioSD, and give a median that bursts barely move.
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(200))
            .WithId("Short"))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddColumn(StatisticColumn.Median)
        .AddExporter(MarkdownExporter.GitHub)
        .AddLogger(ConsoleLogger.Default)
        .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
        .WithArtifactsPath(artifactsPath);
}
