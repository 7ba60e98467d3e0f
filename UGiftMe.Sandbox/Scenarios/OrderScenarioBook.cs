namespace UGiftMe.Sandbox.Scenarios;

/// <summary>The scripted order scenarios not used yet, first added first matched; thread-safe.</summary>
internal sealed class OrderScenarioBook
{
    private readonly Lock _gate = new();
    private readonly List<OrderScenario> _pending = [];
    private readonly Dictionary<string, int> _answersToDrop = new(StringComparer.Ordinal);

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public void Add(OrderScenario scenario)
    {
        lock (_gate)
        {
            _pending.Add(scenario);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
            _answersToDrop.Clear();
        }
    }

    /// <summary>Takes the first scenario for this create, if any.</summary>
    public OrderScenario? Take(string? productCode, string? idempotencyKey)
    {
        lock (_gate)
        {
            var index = _pending.FindIndex(s => s.Matches(productCode, idempotencyKey));
            if (index < 0)
            {
                return null;
            }

            var scenario = _pending[index];
            _pending.RemoveAt(index);
            if (scenario.Kind == OrderScenarioKind.DropAnswer && scenario.Times > 1 && idempotencyKey is not null)
            {
                _answersToDrop[idempotencyKey] = scenario.Times - 1;
            }

            return scenario;
        }
    }

    /// <summary>Whether the answer to a replay with <paramref name="idempotencyKey"/> is to be dropped too.</summary>
    public bool TakeDroppedReplay(string? idempotencyKey)
    {
        if (idempotencyKey is null)
        {
            return false;
        }

        lock (_gate)
        {
            if (!_answersToDrop.TryGetValue(idempotencyKey, out var left))
            {
                return false;
            }

            if (left <= 1)
            {
                _answersToDrop.Remove(idempotencyKey);
            }
            else
            {
                _answersToDrop[idempotencyKey] = left - 1;
            }

            return true;
        }
    }
}
