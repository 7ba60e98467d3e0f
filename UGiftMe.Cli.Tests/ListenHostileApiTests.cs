using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UGiftMe.Cli.Tests.TestSupport;

namespace UGiftMe.Cli.Tests;

/// <summary>`ugiftme listen` against an API that does not behave like the sandbox: the key stays home, errors stay one line.</summary>
public sealed class ListenHostileApiTests
{
    private const string ApiKey = "0f7c2d9e-5b1a-4e3f-9c8d-7a6b5c4d3e2f";

    [Test]
    [CancelAfter(120_000)]
    public async Task Listen_WhenTheFeedRedirectsToAnotherHost_NeverSendsTheKeyThere(CancellationToken cancellationToken)
    {
        var keysElsewhere = new ConcurrentQueue<string>();
        await using var elsewhere = await StartAsync("127.0.0.2", context =>
        {
            keysElsewhere.Enqueue(context.Request.Headers["X-API-Key"].ToString());
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        var target = new Uri(ServerAddress(elsewhere), "feed");
        await using var api = await StartAsync("127.0.0.1", context => AnswerAsApi(context, feed: response => response.Redirect(target.ToString())));

        using var listen = ToolProcess.Start(["listen", "--forward-to", "http://127.0.0.1:9/webhooks"], Environment(api));
        await listen.WaitForLineAsync(l => l.StartsWith("(This API has no live delivery feed", StringComparison.Ordinal), cancellationToken);
        await listen.PressCtrlCAsync(cancellationToken);
        await listen.WaitForExitAsync(cancellationToken);

        Assert.That(keysElsewhere.Where(k => k.Length > 0), Is.Empty, listen.Transcript);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Listen_WhenTheFeedSendsALineThatIsNotJson_SaysSoInOneLine_AndDeletesTheSubscription(CancellationToken cancellationToken)
    {
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var api = await StartAsync("127.0.0.1", context => AnswerAsApi(context, feed: async response =>
        {
            response.ContentType = "application/x-ndjson";
            await response.WriteAsync("<html>not a feed</html>\n");
        }, deleted: deleted));

        using var listen = ToolProcess.Start(["listen", "--forward-to", "http://127.0.0.1:9/webhooks"], Environment(api));
        var exitCode = await listen.WaitForExitAsync(cancellationToken);

        Assert.That(exitCode, Is.EqualTo(1), listen.Transcript);
        Assert.That(listen.Error, Has.Count.EqualTo(1), listen.Transcript);
        Assert.That(listen.Error.Single(), Does.Contain("delivery feed").And.Not.Contain(" at "), listen.Transcript);
        Assert.That(deleted.Task.IsCompleted, Is.True, "the temporary subscription was deleted");
    }

    /// <summary>Just enough of the Business API for `listen`: create, list and delete a webhook, and its delivery feed.</summary>
    private static async Task AnswerAsApi(HttpContext context, Action<HttpResponse> feed, TaskCompletionSource? deleted = null) =>
        await AnswerAsApi(context, response =>
        {
            feed(response);
            return Task.CompletedTask;
        }, deleted);

    private static async Task AnswerAsApi(HttpContext context, Func<HttpResponse, Task> feed, TaskCompletionSource? deleted = null)
    {
        var path = context.Request.Path.Value ?? "";
        var response = context.Response;
        if (path.EndsWith("/deliveries", StringComparison.Ordinal))
        {
            await feed(response);
        }
        else if (context.Request.Method == HttpMethods.Post && path.EndsWith("/webhooks", StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status201Created;
            response.ContentType = "application/json";
            await response.WriteAsync("""{"id":"w-1","url":"http://127.0.0.1:9/webhooks","events":["wallet.updated"],"secret":"5e1f0c2b3a4d5e6f7a8b9c0d1e2f3a4b"}""");
        }
        else if (context.Request.Method == HttpMethods.Delete)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            deleted?.TrySetResult();
        }
        else
        {
            response.ContentType = "application/json";
            await response.WriteAsync("[]");
        }
    }

    private static Dictionary<string, string?> Environment(WebApplication api) => new()
    {
        ["UGIFTME_BASE_URL"] = ServerAddress(api).ToString(),
        ["UGIFTME_API_KEY"] = ApiKey,
    };

    private static Uri ServerAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/') + "/");

    private static async Task<WebApplication> StartAsync(string address, RequestDelegate answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://{address}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(answer);
        await app.StartAsync();
        return app;
    }
}
