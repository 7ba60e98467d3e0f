using UGiftMe.Sandbox.Auth;

namespace UGiftMe.Sandbox.Hosting;

/// <summary>Every Business API request, recorded as it starts and ends (<see cref="SandboxState.Requests"/>).</summary>
internal sealed class RequestLog(SandboxContext sandbox)
{
    public const string FaultItem = "UGiftMe.Sandbox.Fault";
    private const string EntryItem = "UGiftMe.Sandbox.RequestEntry";
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    public IReadOnlyList<SandboxRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries.Select(e => e.ToRecord())];
        }
    }

    public void Start(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var entry = new Entry
        {
            Method = context.Request.Method,
            Path = path.Length > ApiKeyMiddleware.BusinessPrefix.Length ? path[ApiKeyMiddleware.BusinessPrefix.Length..] : "/",
            IdempotencyKey = context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null,
            ReceivedAt = sandbox.Time.GetUtcNow(),
        };
        context.Items[EntryItem] = entry;
        lock (_gate)
        {
            _entries.Add(entry);
        }

        sandbox.Signals.Notify();
    }

    public void MarkDelayed(HttpContext context)
    {
        if (context.Items[EntryItem] is Entry entry)
        {
            lock (_gate)
            {
                entry.Delayed = true;
            }

            sandbox.Signals.Notify();
        }
    }

    public void Complete(HttpContext context)
    {
        if (context.Items[EntryItem] is not Entry entry)
        {
            return;
        }

        lock (_gate)
        {
            entry.Fault = context.Items[FaultItem] as string;
            entry.StatusCode = entry.Fault == "dropped-answer" || context.RequestAborted.IsCancellationRequested
                ? null
                : context.Response.StatusCode;
            entry.Completed = true;
        }

        sandbox.Signals.Notify();
    }

    private sealed class Entry
    {
        public required string Method { get; init; }
        public required string Path { get; init; }
        public string? IdempotencyKey { get; init; }
        public int? StatusCode { get; set; }
        public string? Fault { get; set; }
        public bool Delayed { get; set; }
        public bool Completed { get; set; }
        public DateTimeOffset ReceivedAt { get; init; }

        public SandboxRequest ToRecord() => new(Method, Path, IdempotencyKey, StatusCode, Fault, Delayed, Completed, ReceivedAt);
    }
}
