using System.Diagnostics.CodeAnalysis;
using UGiftMe;
using UGiftMe.AspNetCore;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the UGiftMe webhook receiver.</summary>
public static class UGiftMeWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a POST endpoint that receives UGiftMe webhooks: it reads the raw body (up to
    /// <see cref="UGiftMeWebhookOptions.MaxBodySize"/>), verifies the signature, skips retries of deliveries already
    /// handled and calls <paramref name="handler"/> with the typed event.
    /// </summary>
    /// <remarks>
    /// Responses: 200 once the handler returns (or for a retry already handled); 401 bad or missing signature;
    /// 400 unusable body; 413 body too large; 409 an earlier attempt is still running; 500 when the handler throws,
    /// in which case the delivery is not recorded as handled and UGiftMe's retry calls the handler again. UGiftMe waits
    /// 5 seconds for an answer: queue long work and return.
    /// </remarks>
    /// <param name="endpoints">The route builder, usually the <c>WebApplication</c>.</param>
    /// <param name="pattern">The route, such as <c>/webhooks/ugiftme</c>.</param>
    /// <param name="handler">Handles one verified event; the token fires if UGiftMe disconnects.</param>
    /// <returns>A builder to add conventions such as host filtering.</returns>
    /// <exception cref="InvalidOperationException"><c>AddUGiftMeWebhooks</c> was not called.</exception>
    [RequiresUnreferencedCode(ReceiverTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(ReceiverTrimmingMessages.DynamicCode)]
    public static IEndpointConventionBuilder MapUGiftMeWebhooks(
        this IEndpointRouteBuilder endpoints, string pattern, Func<WebhookEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.MapUGiftMeWebhooks(pattern, (webhookEvent, _, cancellationToken) => handler(webhookEvent, cancellationToken));
    }

    /// <summary>
    /// Maps a POST endpoint that receives UGiftMe webhooks, calling <paramref name="handler"/> with the request's
    /// services so it can resolve scoped dependencies. See
    /// <see cref="MapUGiftMeWebhooks(IEndpointRouteBuilder, string, Func{WebhookEvent, CancellationToken, Task})"/>.
    /// </summary>
    /// <param name="endpoints">The route builder, usually the <c>WebApplication</c>.</param>
    /// <param name="pattern">The route, such as <c>/webhooks/ugiftme</c>.</param>
    /// <param name="handler">Handles one verified event with the request's services.</param>
    /// <returns>A builder to add conventions such as host filtering.</returns>
    /// <exception cref="InvalidOperationException"><c>AddUGiftMeWebhooks</c> was not called.</exception>
    [RequiresUnreferencedCode(ReceiverTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(ReceiverTrimmingMessages.DynamicCode)]
    public static IEndpointConventionBuilder MapUGiftMeWebhooks(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebhookEvent, IServiceProvider, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        var endpoint = endpoints.ServiceProvider.GetService<UGiftMeWebhookEndpoint>()
            ?? throw new InvalidOperationException(
                "Call builder.Services.AddUGiftMeWebhooks(...) to configure the webhook secrets before MapUGiftMeWebhooks.");
        return endpoints.MapPost(pattern, context => endpoint.HandleAsync(context, handler))
            .WithDisplayName("UGiftMe webhooks " + pattern);
    }

    /// <summary>
    /// Maps a POST endpoint that receives UGiftMe webhooks with a handler written like a minimal API: its parameters
    /// are the event (<see cref="WebhookEvent"/>, or one event type such as <c>WebhookEvent&lt;OrderSucceededEvent&gt;</c>
    /// to handle only that event and acknowledge the others), the request's <see cref="CancellationToken"/>, the
    /// request's <see cref="IServiceProvider"/>, and any service registered in the container (scoped services come
    /// from the request's scope; <c>[FromKeyedServices]</c> works). It returns <see cref="Task"/>,
    /// <see cref="ValueTask"/> or nothing. See
    /// <see cref="MapUGiftMeWebhooks(IEndpointRouteBuilder, string, Func{WebhookEvent, CancellationToken, Task})"/>.
    /// </summary>
    /// <example><c>app.MapUGiftMeWebhooks("/webhooks/ugiftme", (WebhookEvent&lt;OrderSucceededEvent&gt; evt, IFulfilment fulfilment, CancellationToken ct) =&gt; fulfilment.ShipAsync(evt.Payload.OrderRequestId, ct));</c></example>
    /// <param name="endpoints">The route builder, usually the <c>WebApplication</c>.</param>
    /// <param name="pattern">The route, such as <c>/webhooks/ugiftme</c>.</param>
    /// <param name="handler">Handles one verified event.</param>
    /// <returns>A builder to add conventions such as host filtering.</returns>
    /// <exception cref="InvalidOperationException"><c>AddUGiftMeWebhooks</c> was not called, or a parameter is neither
    /// the event, a token, nor a registered service, or the handler returns something other than a task.</exception>
    [RequiresUnreferencedCode(ReceiverTrimmingMessages.UnreferencedCode)]
    [RequiresDynamicCode(ReceiverTrimmingMessages.DynamicCode)]
    public static IEndpointConventionBuilder MapUGiftMeWebhooks(this IEndpointRouteBuilder endpoints, string pattern, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.MapUGiftMeWebhooks(pattern, WebhookHandlerFactory.Create(handler, endpoints.ServiceProvider));
    }
}
