using UGiftMe.Sandbox.Auth;
using UGiftMe.Sandbox.Hosting;

namespace UGiftMe.Sandbox.Http;

/// <summary>Records every Business API request before anything else runs, and its outcome after.</summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, SandboxContext sandbox)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(ApiKeyMiddleware.BusinessPrefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        sandbox.Requests.Start(context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            sandbox.Requests.Complete(context);
        }
    }
}
