using UGiftMe.Demo;

namespace UGiftMe.IntegrationTests.TestSupport;

internal static class ReceiverExtensions
{
    /// <summary>Reads verified events until one of type <typeparamref name="T"/> matches; a signal, not a poll.</summary>
    public static async Task<T> NextAsync<T>(this WebhookReceiver receiver, Func<T, bool>? match, CancellationToken cancellationToken)
        where T : WebhookEvent
    {
        while (true)
        {
            var received = await receiver.Events.ReadAsync(cancellationToken);
            if (received is T typed && (match is null || match(typed)))
            {
                return typed;
            }
        }
    }

    /// <summary>Reads verified events until those read so far satisfy <paramref name="done"/> (deliveries run in parallel).</summary>
    public static async Task<List<WebhookEvent>> ReadUntilAsync(
        this WebhookReceiver receiver, Func<List<WebhookEvent>, bool> done, CancellationToken cancellationToken)
    {
        var events = new List<WebhookEvent>();
        while (!done(events))
        {
            events.Add(await receiver.Events.ReadAsync(cancellationToken));
        }

        return events;
    }
}
