using System.CommandLine;
using UGiftMe.Cli.Output;

namespace UGiftMe.Cli.Api;

/// <summary><c>ugiftme orders get|watch</c>: one order, or an order request followed live.</summary>
internal static class OrdersCommand
{
    public static Command Create()
    {
        var command = new Command("orders", "Look at orders: `orders get <orderId>`, `orders watch <orderRequestId>`.");
        command.Subcommands.Add(CreateGet());
        command.Subcommands.Add(CreateWatch());
        return command;
    }

    private static Command CreateGet()
    {
        var command = new Command("get", "Show one order (GET /orders/{orderId}), voucher code included.");
        var orderId = new Argument<string>("orderId") { Description = "The order's id." };
        command.Arguments.Add(orderId);
        var api = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => api.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var order = (await client.Orders.GetAsync(parseResult.GetValue(orderId)!, ct).ConfigureAwait(false)).Value;
                if (api.WantsJson(parseResult))
                {
                    JsonOutput.Write(Console.Out, order);
                    return ExitCodes.Success;
                }

                new Table("field", "value")
                    .Add("order", order.Id)
                    .Add("product", order.ProductCode)
                    .Add("merchant", order.Merchant?.Name)
                    .Add("value", $"{order.ValuePurchased} {order.Currency}")
                    .Add("status", order.Status)
                    .Add("paid", order.IsPaid)
                    .Add("voucher code", order.Merchant?.VoucherCode)
                    .Add("redemption url", order.Merchant?.RedemptionUrl)
                    .Add("recipient", order.GiftOrder?.RecipientEmail)
                    .Add("created", order.CreatedAt)
                    .WriteTo(Console.Out);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateWatch()
    {
        var command = new Command(
            "watch",
            "Follow a queued order request (the orderRequestId of a 202) and print each status change as it happens, "
            + "until it succeeds (exit 0) or fails (exit 1).");
        var orderRequestId = new Argument<string>("orderRequestId") { Description = "The id from the 202 answer or an order.* webhook." };
        command.Arguments.Add(orderRequestId);
        var api = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => api.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var json = api.WantsJson(parseResult);
                var operation = client.Orders.Resume(parseResult.GetValue(orderRequestId)!);
                await foreach (var update in operation.WatchAsync(ct).ConfigureAwait(false))
                {
                    var orderId = update.IsTerminal && operation.HasValue ? operation.Value.Id : null;
                    var error = update.Request?.Error;
                    if (json)
                    {
                        JsonOutput.WriteLine(Console.Out, new { orderRequestId = update.OrderRequestId, status = update.Status, observedAt = update.ObservedAt, orderId, error });
                    }
                    else
                    {
                        var detail = orderId is not null ? $"  order {orderId}" : error is not null ? $"  {error}" : string.Empty;
                        Console.Out.WriteLine($"{update.ObservedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss'Z'}  {update.Status}{detail}");
                    }
                }

                return string.Equals(operation.Status, OrderRequestStatuses.Succeeded, StringComparison.OrdinalIgnoreCase)
                    ? ExitCodes.Success
                    : ExitCodes.Failure;
            },
            cancellationToken));
        return command;
    }
}
