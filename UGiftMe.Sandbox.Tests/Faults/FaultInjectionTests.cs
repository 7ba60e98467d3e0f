using System.Net;
using UGiftMe.Sandbox.Tests.TestSupport;

namespace UGiftMe.Sandbox.Tests.Faults;

public class FaultInjectionTests
{
    [Test]
    public async Task ServerErrorBeforeWork_CreatesNothing_RetryWithSameKeyCreatesOnce()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        sandbox.Faults.Enqueue(SandboxFault.ServerError);
        using var client = sandbox.CreateClient();

        using var failed = await Api.PostAsync(client, "orders", Api.Order(), "retry-key");
        var ordersAfterFailure = sandbox.State.Orders.Count;
        using var retried = await Api.PostAsync(client, "orders", Api.Order(), "retry-key");

        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(Api.Header(failed, "Retry-After"), Is.EqualTo("1"));
        Assert.That(ordersAfterFailure, Is.Zero);
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(sandbox.State.Orders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ServerErrorAfterWork_OrderExists_RetryWithSameKeyReplaysItWithoutSecondDebit()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        sandbox.Faults.Enqueue(SandboxFault.ServerErrorAfterWork);
        using var client = sandbox.CreateClient();

        using var lost = await Api.PostAsync(client, "orders", Api.Order(), "lost-answer");
        var createdBehindTheError = sandbox.State.Orders.Single();
        using var retried = await Api.PostAsync(client, "orders", Api.Order(), "lost-answer");

        Assert.That(lost.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((string?)(await Api.JsonAsync(lost))["error"], Is.EqualTo("Service temporarily unavailable"));
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)(await Api.JsonAsync(retried))["_id"], Is.EqualTo(createdBehindTheError.Id));
        Assert.That(sandbox.State.Ledger.Count(t => t.TransactionType == "purchase"), Is.EqualTo(1));
    }

    [Test]
    public async Task TooManyRequestsFault_Is429WithRateLimitHeaders()
    {
        var options = new SandboxOptions();
        options.Faults.Script.Add(SandboxFault.TooManyRequests);
        options.Faults.RetryAfterSeconds = 7;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var limited = await Api.GetAsync(client, "wallet");
        using var next = await Api.GetAsync(client, "wallet");

        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Api.Header(limited, "Retry-After"), Is.EqualTo("7"));
        Assert.That(Api.Header(limited, "RateLimit-Remaining"), Is.EqualTo("0"));
        Assert.That(Api.Header(limited, "RateLimit-Reset"), Is.EqualTo("7"));
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ServerErrorRate_SameSeed_FailsTheSameRequests()
    {
        async Task<HttpStatusCode[]> RunAsync()
        {
            var options = new SandboxOptions { Seed = 7 };
            options.Faults.ServerErrorRate = 0.5;
            await using var sandbox = await SandboxServer.StartAsync(options);
            using var client = sandbox.CreateClient();
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await Api.GetAsync(client, "auth");
                statuses.Add(response.StatusCode);
            }

            return [.. statuses];
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Does.Contain(HttpStatusCode.ServiceUnavailable).And.Contain(HttpStatusCode.OK));
    }

    [Test]
    public async Task Faults_OutsidePathPrefix_AreNotApplied()
    {
        var options = new SandboxOptions();
        options.Faults.PathPrefix = "/api/v1/business/orders";
        options.Faults.ServerErrorRate = 1;
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var client = sandbox.CreateClient();

        using var auth = await Api.GetAsync(client, "auth");
        using var orders = await Api.GetAsync(client, "orders");

        Assert.That(auth.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(orders.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task DropAnswerAfterWork_OrderExists_ConnectionClosesWithoutAnswer_SameKeyReplaysIt()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        sandbox.Faults.Enqueue(SandboxFault.DropAnswerAfterWork);
        using var client = sandbox.CreateClient();

        var lost = Assert.ThrowsAsync<HttpRequestException>(async () => await Api.PostAsync(client, "orders", Api.Order(), "dropped"));
        var createdBehindTheDrop = sandbox.State.Orders.Single();
        using var retried = await Api.PostAsync(client, "orders", Api.Order(), "dropped");

        Assert.That(lost, Is.Not.Null);
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)(await Api.JsonAsync(retried))["_id"], Is.EqualTo(createdBehindTheDrop.Id));
        Assert.That(sandbox.State.Ledger.Count(t => t.TransactionType == "purchase"), Is.EqualTo(1));
    }

    [Test]
    public async Task DroppedAnswerRate_SameSeed_DropsTheSameRequests()
    {
        async Task<bool[]> RunAsync()
        {
            var options = new SandboxOptions { Seed = 11 };
            options.Faults.DroppedAnswerRate = 0.3;
            await using var sandbox = await SandboxServer.StartAsync(options);
            using var client = sandbox.CreateClient();
            var answered = new List<bool>();
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    using var response = await Api.GetAsync(client, "auth");
                    answered.Add(true);
                }
                catch (HttpRequestException)
                {
                    answered.Add(false);
                }
            }

            return [.. answered];
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Does.Contain(true).And.Contain(false));
    }
}
