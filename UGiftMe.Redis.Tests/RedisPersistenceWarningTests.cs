using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// The store says what it guarantees: a Redis that reports no persistence (no AOF, no RDB save point) forgets handled
/// deliveries on a restart, and the receiver's store warns once; a Redis with AOF or RDB snapshots gets no warning.
/// </summary>
[NonParallelizable]
public sealed class RedisPersistenceWarningTests
{
    private const string Warning = "reports no persistence";

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("ugiftme-redis-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Store_RedisWithoutPersistence_WarnsOnceSayingWhatARestartLoses()
    {
        using var redis = await RedisServer.StartAsync();
        var logs = await ClaimTwiceAsync(redis, allowAdmin: true);

        var warnings = logs.Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0].Message, Does.Contain(Warning).And.Contain("restart").And.Contain("appendonly"));
    }

    [TestCase("--appendonly", "yes")]
    [TestCase("--save", "3600 1")]
    public async Task Store_RedisWithAofOrRdbSnapshots_DoesNotWarn(string setting, string value)
    {
        using var redis = await RedisServer.StartAsync(setting, value, "--dir", _directory);
        var logs = await ClaimTwiceAsync(redis, allowAdmin: true);

        Assert.That(logs.Where(r => r.Level >= LogLevel.Information), Is.Empty, "the check ran and found persistence");

        // The positive control: the same check against a Redis without persistence warns.
        using var forgetful = await RedisServer.StartAsync();
        Assert.That((await ClaimTwiceAsync(forgetful, allowAdmin: true)).Count(r => r.Message.Contains(Warning, StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Store_ConnectionWithoutAdminCommands_SaysItCouldNotTellInsteadOfWarning()
    {
        using var redis = await RedisServer.StartAsync();
        var logs = await ClaimTwiceAsync(redis, allowAdmin: false);

        Assert.That(logs.Where(r => r.Level >= LogLevel.Warning), Is.Empty);
        Assert.That(logs.Count(r => r.Level == LogLevel.Information && r.Message.Contains("Could not tell", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task AddRedisBackplane_RedisWithoutPersistence_TheReceiverWarnsOnce()
    {
        using var redis = await RedisServer.StartAsync();
        await using var api = await FakeUGiftMeApi.StartAsync();
        await using var app = await AppInstance.StartAsync(api, redis.ConnectionString);
        using var http = new HttpClient();

        var first = await app.PostAsync(http, AppInstance.Succeeded("65e4f5b6c7d8e90123456781", "65f5a6b7c8d9e01234567891"));
        var second = await app.PostAsync(http, AppInstance.Succeeded("65e4f5b6c7d8e90123456782", "65f5a6b7c8d9e01234567892"));

        Assert.That((first, second), Is.EqualTo((200, 200)));
        Assert.That(app.Logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning && r.Message.Contains(Warning, StringComparison.Ordinal)), Is.EqualTo(1));
    }

    private static async Task<IReadOnlyList<FakeLogRecord>> ClaimTwiceAsync(RedisServer redis, bool allowAdmin)
    {
        var configuration = ConfigurationOptions.Parse(redis.ConnectionString);
        configuration.AllowAdmin = allowAdmin;
        using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)));
        var store = new RedisWebhookDeduplicationStore(connection, new RedisBackplaneOptions(), loggerFactory);

        var claim = await store.TryClaimAsync(Guid.NewGuid().ToString("N"));
        await store.TryClaimAsync(Guid.NewGuid().ToString("N"));

        Assert.That(claim.IsClaimed, Is.True);
        return logs.GetSnapshot();
    }
}
