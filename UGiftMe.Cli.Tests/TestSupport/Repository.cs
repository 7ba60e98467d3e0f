using System.Reflection;

namespace UGiftMe.Cli.Tests.TestSupport;

/// <summary>Where the repository is and which configuration these tests were built in (from the test project).</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string CliProject => Path.Combine(Root, "UGiftMe.Cli", "UGiftMe.Cli.csproj");

    public static string WebhookFixture(string eventName) =>
        Path.Combine(Root, "UGiftMe.Tests", "Fixtures", "webhooks", eventName + ".json");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
