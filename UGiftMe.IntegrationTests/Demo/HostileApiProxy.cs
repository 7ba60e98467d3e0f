using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace UGiftMe.IntegrationTests.Demo;

/// <summary>
/// A reverse proxy on 127.0.0.1 in front of a real sandbox that answers one route its own way: a null or HTML body,
/// odd values, a 5xx, a dropped connection, a truncated body, or no answer at all. Every other request is forwarded
/// unchanged, so the demo gets as far as that route with real data.
/// </summary>
public sealed class HostileApiProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private int _hostileAnswers;

    private HostileApiProxy(WebApplication app, HttpClient upstream, Uri baseAddress)
    {
        _app = app;
        _upstream = upstream;
        BaseAddress = baseAddress;
    }

    /// <summary>Answers a request the hostile way; <c>forward</c> gets the sandbox's real answer when wanted.</summary>
    public delegate Task Answer(HttpContext context, Func<Task<Upstream>> forward);

    public Uri BaseAddress { get; }

    /// <summary>How many requests got the hostile answer (a test that expects one proves it was met).</summary>
    public int HostileAnswers => Volatile.Read(ref _hostileAnswers);

    /// <param name="upstream">The sandbox's base address.</param>
    /// <param name="route">Method and path end, e.g. <c>GET /auth</c> or <c>POST /orders</c>.</param>
    /// <param name="answer">What that route answers.</param>
    public static async Task<HostileApiProxy> StartAsync(Uri upstream, string route, Answer answer)
    {
        var (method, pathEnd) = (route.Split(' ')[0], route.Split(' ')[1]);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = upstream,
        };
        HostileApiProxy? proxy = null;
        app.Run(context => proxy!.HandleAsync(context, method, pathEnd, answer));
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        proxy = new HostileApiProxy(app, client, address);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context, string method, string pathEnd, Answer answer)
    {
        if (context.Request.Method == method && context.Request.Path.Value!.EndsWith(pathEnd, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _hostileAnswers);
            await answer(context, () => ForwardAsync(_upstream, context));
            return;
        }

        var real = await ForwardAsync(_upstream, context);
        real.CopyTo(context);
        await context.Response.Body.WriteAsync(real.Body);
    }

    private static async Task<Upstream> ForwardAsync(HttpClient client, HttpContext context)
    {
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        context.Request.EnableBuffering();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        context.Request.Body.Position = 0;
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name is "Host" or "Content-Length" || request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                continue;
            }

            request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        using var response = await client.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Transfer-Encoding" or "Content-Length"))
            .ToDictionary(h => h.Key, h => h.Value.ToArray());
        return new Upstream((int)response.StatusCode, headers, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The sandbox's answer to the forwarded request.</summary>
    public sealed record Upstream(int StatusCode, Dictionary<string, string[]> Headers, byte[] Body)
    {
        public void CopyTo(HttpContext context)
        {
            context.Response.StatusCode = StatusCode;
            foreach (var (name, values) in Headers)
            {
                context.Response.Headers[name] = values;
            }
        }
    }
}
