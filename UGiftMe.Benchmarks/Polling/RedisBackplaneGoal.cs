using System.Globalization;
using UGiftMe.Redis.Tests;

namespace UGiftMe.Benchmarks.Polling;

/// <summary>
/// Issue 14's Redis goal, measured as <c>UGiftMe.Redis.Tests</c> measures it (the same <see cref="AppInstance"/>s:
/// receiver + client in separate WebApplications, a real <c>redis-server</c> on 127.0.0.1): 1,000 deliveries, each sent
/// to both instances at once, while each order is waited for on one of them. Also checks that the fleet counted each
/// order once toward the trust in webhooks, and that an instance started afterwards trusts them at once.
/// </summary>
internal static class RedisBackplaneGoal
{
    public const int Deliveries = 1000;

    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    public static async Task<string> LineAsync()
    {
        const string goal = "GOAL two instances on one Redis: 0 double dispatches in 1,000 concurrent duplicate deliveries, every wait completed, trust earned once for the fleet";
        RedisServer redis;
        try
        {
            redis = await RedisServer.StartAsync();
        }
        catch (InvalidOperationException e)
        {
            return $"{goal} — not measured: {e.Message} — missed";
        }

        using (redis)
        {
            await using var api = await FakeUGiftMeApi.StartAsync();
            await using var a = await AppInstance.StartAsync(api, redis.ConnectionString, new OrderPollingOptions().WebhooksConfirmedBeforeSafetyInterval);
            await using var b = await AppInstance.StartAsync(api, redis.ConnectionString, new OrderPollingOptions().WebhooksConfirmedBeforeSafetyInterval);
            using var http = new HttpClient();
            await UntilAsync(() => a.Notifier.IsConnected && b.Notifier.IsConnected, a, b);

            var ids = Enumerable.Range(0, Deliveries).Select(i => (RequestId: Guid.NewGuid().ToString("N")[..24], OrderId: Guid.NewGuid().ToString("N")[..24])).ToArray();
            var waits = ids.Select((id, i) => (i % 2 == 0 ? a : b).Client.Orders.Resume(id.RequestId).WaitForCompletionAsync()).ToArray();
            var signed = ids.Select(id => AppInstance.Succeeded(id.RequestId, id.OrderId)).ToArray();
            using var gate = new SemaphoreSlim(64);
            await Task.WhenAll(signed.Select(async delivery =>
            {
                await gate.WaitAsync();
                try
                {
                    await Task.WhenAll(a.PostAsync(http, delivery), b.PostAsync(http, delivery));
                }
                finally
                {
                    gate.Release();
                }
            })).WaitAsync(Guard);
            var orders = await Task.WhenAll(waits).WaitAsync(Guard);

            var verifier = new WebhookVerifier(AppInstance.Secret);
            var doubleDispatches = signed
                .Select(d => verifier.Verify(d.Body.Span, d.ToWebhookHeaders()).IdempotencyKey)
                .Count(key => a.Dispatches.GetValueOrDefault(key) + b.Dispatches.GetValueOrDefault(key) > 1);
            var completed = orders.Count(o => o.Id is not null);
            var counted = await UntilAsync(() => a.Notifier.Trust.CompletedInARow == Deliveries && b.Notifier.Trust.CompletedInARow == Deliveries);
            await using var later = await AppInstance.StartAsync(api, redis.ConnectionString, new OrderPollingOptions().WebhooksConfirmedBeforeSafetyInterval);
            var laterTrusts = await UntilAsync(() => later.Notifier.IsConnected && later.Notifier.Trust.CompletedInARow >= new OrderPollingOptions().WebhooksConfirmedBeforeSafetyInterval, later);

            var met = doubleDispatches == 0 && completed == Deliveries && counted && laterTrusts;
            return string.Create(CultureInfo.InvariantCulture,
                $"{goal} — measured {doubleDispatches} double dispatches, {completed}/{Deliveries} waits completed, fleet count {b.Notifier.Trust.CompletedInARow} " +
                $"for {Deliveries} orders, an instance started afterwards trusts webhooks at once: {(laterTrusts ? "yes" : "no")} — {(met ? "met" : "missed")}");
        }
    }

    /// <summary>Waits (in real time, at most <see cref="Guard"/>) for state the instances reach by themselves.</summary>
    private static async Task<bool> UntilAsync(Func<bool> condition, params AppInstance[] resolve)
    {
        foreach (var instance in resolve)
        {
            _ = instance.Client;   // creates the notifier, which subscribes
        }

        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
