using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace UGiftMe.AspNetCore;

/// <summary>
/// Turns a minimal-API style handler (<c>(WebhookEvent&lt;OrderSucceededEvent&gt; evt, IFulfilment fulfilment, CancellationToken ct) =&gt; ...</c>)
/// into the receiver's call: each parameter is the event, the request's <see cref="CancellationToken"/>, the request's
/// <see cref="IServiceProvider"/>, or a service resolved from it (keyed with <see cref="FromKeyedServicesAttribute"/>).
/// Everything is checked when the endpoint is mapped, so a handler that cannot be called fails start-up, not a delivery.
/// </summary>
internal static class WebhookHandlerFactory
{
    private static readonly MethodInfo GetRequiredService = typeof(ServiceProviderServiceExtensions)
        .GetMethod(nameof(ServiceProviderServiceExtensions.GetRequiredService), [typeof(IServiceProvider), typeof(Type)])!;

    private static readonly MethodInfo GetRequiredKeyedService = typeof(ServiceProviderKeyedServiceExtensions)
        .GetMethod(nameof(ServiceProviderKeyedServiceExtensions.GetRequiredKeyedService), [typeof(IServiceProvider), typeof(Type), typeof(object)])!;

    public static Func<WebhookEvent, IServiceProvider, CancellationToken, Task> Create(Delegate handler, IServiceProvider rootServices)
    {
        var method = handler.Method;
        var evt = Expression.Parameter(typeof(WebhookEvent), "evt");
        var services = Expression.Parameter(typeof(IServiceProvider), "services");
        var token = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
        var isService = rootServices.GetService<IServiceProviderIsService>();
        Type? eventType = null;
        var arguments = new List<Expression>();
        foreach (var parameter in method.GetParameters())
        {
            var type = parameter.ParameterType;
            if (typeof(WebhookEvent).IsAssignableFrom(type))
            {
                if (eventType is not null)
                {
                    throw Invalid(handler, $"has two event parameters ('{parameter.Name}' and another)");
                }

                eventType = type;
                arguments.Add(Expression.Convert(evt, type));
            }
            else if (type == typeof(CancellationToken))
            {
                arguments.Add(token);
            }
            else if (type == typeof(IServiceProvider))
            {
                arguments.Add(services);
            }
            else if (parameter.GetCustomAttribute<FromKeyedServicesAttribute>() is { } keyed)
            {
                arguments.Add(Expression.Convert(
                    Expression.Call(GetRequiredKeyedService, services, Expression.Constant(type), Expression.Constant(keyed.Key, typeof(object))), type));
            }
            else if (type.IsByRef || type.IsPrimitive || type == typeof(string) || (isService is not null && !isService.IsService(type)))
            {
                throw Invalid(handler, $"takes '{parameter.Name}' of type {type.Name}, which is neither the event, a CancellationToken "
                    + "nor a registered service");
            }
            else
            {
                arguments.Add(Expression.Convert(Expression.Call(GetRequiredService, services, Expression.Constant(type)), type));
            }
        }

        Expression call = Expression.Invoke(Expression.Constant(handler), arguments);
        call = method.ReturnType switch
        {
            var t when t == typeof(Task) => call,
            var t when t == typeof(ValueTask) => Expression.Call(call, typeof(ValueTask).GetMethod(nameof(ValueTask.AsTask))!),
            var t when t == typeof(void) => Expression.Block(call, Expression.Constant(Task.CompletedTask)),
            _ => throw Invalid(handler, $"returns {method.ReturnType.Name}; return Task, ValueTask or nothing"),
        };

        var invoke = Expression.Lambda<Func<WebhookEvent, IServiceProvider, CancellationToken, Task>>(call, evt, services, token).Compile();
        if (eventType is null || eventType == typeof(WebhookEvent))
        {
            return invoke;
        }

        // A handler for one event type sees only that type; other deliveries are verified and acknowledged.
        return (webhookEvent, provider, cancellationToken) =>
            eventType.IsInstanceOfType(webhookEvent) ? invoke(webhookEvent, provider, cancellationToken) : Task.CompletedTask;
    }

    private static InvalidOperationException Invalid(Delegate handler, string problem) =>
        new($"The UGiftMe webhook handler {handler.Method.Name} {problem}.");
}
