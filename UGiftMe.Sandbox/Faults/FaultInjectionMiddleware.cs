using System.Globalization;
using UGiftMe.Sandbox.Hosting;
using UGiftMe.Sandbox.Json;

namespace UGiftMe.Sandbox.Faults;

/// <summary>
/// Runs first, like a flaky proxy in front of the API: adds latency, and answers 503/429 instead of the API or after
/// it (the work done, the answer lost).
/// </summary>
internal sealed class FaultInjectionMiddleware(RequestDelegate next, SandboxContext sandbox)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var faults = sandbox.Faults;
        if (!faults.Affects(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (faults.Options.Latency is var latency && latency > TimeSpan.Zero)
        {
            var delay = Task.Delay(latency, sandbox.Time, context.RequestAborted);
            // Marked once the delay's timer exists, so a test that waits for it can move a fake clock past it.
            sandbox.Requests.MarkDelayed(context);
            await delay.ConfigureAwait(false);
        }

        switch (faults.Next())
        {
            case SandboxFault.ServerError:
                context.Response.Headers["X-Sandbox-Fault"] = "before-work";
                context.Items[RequestLog.FaultItem] = "before-work";
                await WriteServerErrorAsync(context, faults.Options).ConfigureAwait(false);
                return;
            case SandboxFault.TooManyRequests:
                context.Items[RequestLog.FaultItem] = "rate-limit";
                await WriteTooManyRequestsAsync(context, faults.Options, sandbox.Options.RateLimit.PermitLimit)
                    .ConfigureAwait(false);
                return;
            case SandboxFault.ServerErrorAfterWork:
                await RunThenFailAsync(context, faults.Options).ConfigureAwait(false);
                return;
            case SandboxFault.DropAnswerAfterWork:
                await RunThenDropAsync(context).ConfigureAwait(false);
                return;
            default:
                await next(context).ConfigureAwait(false);
                return;
        }
    }

    private async Task RunThenFailAsync(HttpContext context, SandboxFaultOptions options)
    {
        await RunDiscardingTheAnswerAsync(context).ConfigureAwait(false);
        context.Response.Clear();
        context.Response.Headers["X-Sandbox-Fault"] = "after-work";
        context.Items[RequestLog.FaultItem] = "after-work";
        await WriteServerErrorAsync(context, options).ConfigureAwait(false);
    }

    private async Task RunThenDropAsync(HttpContext context)
    {
        await RunDiscardingTheAnswerAsync(context).ConfigureAwait(false);
        context.Items[RequestLog.FaultItem] = "dropped-answer";
        context.Abort();
    }

    /// <summary>Does the work (the order exists afterwards) and throws its answer away.</summary>
    private async Task RunDiscardingTheAnswerAsync(HttpContext context)
    {
        var original = context.Response.Body;
        using var discarded = new MemoryStream();
        context.Response.Body = discarded;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }
    }

    private static Task WriteServerErrorAsync(HttpContext context, SandboxFaultOptions options)
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return SandboxJson.WriteErrorAsync(
            context,
            options.ServerErrorStatusCode,
            "Service temporarily unavailable",
            "Injected by the sandbox's fault settings.");
    }

    private static Task WriteTooManyRequestsAsync(HttpContext context, SandboxFaultOptions options, int limit)
    {
        context.Response.Headers["X-Sandbox-Fault"] = "rate-limit";
        var seconds = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        context.Response.Headers["RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["RateLimit-Remaining"] = "0";
        context.Response.Headers["RateLimit-Reset"] = seconds;
        return SandboxJson.WriteErrorAsync(
            context, StatusCodes.Status429TooManyRequests, "Too many requests, please try again later.");
    }
}
