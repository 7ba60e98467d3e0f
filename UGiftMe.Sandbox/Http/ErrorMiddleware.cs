using UGiftMe.Sandbox.Json;

namespace UGiftMe.Sandbox.Http;

/// <summary>Turns an unexpected exception into the API's 500 shape instead of an empty or HTML answer.</summary>
internal sealed class ErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
#pragma warning disable CA1031 // The last line of defence: any failure becomes a JSON 500.
        catch (Exception exception) when (!context.Response.HasStarted)
#pragma warning restore CA1031
        {
            context.Response.Clear();
            await SandboxJson.WriteAsync(
                    context,
                    StatusCodes.Status500InternalServerError,
                    new ErrorBody("Internal server error", Details: exception.Message))
                .ConfigureAwait(false);
        }
    }
}
