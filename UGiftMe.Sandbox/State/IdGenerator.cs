using System.Globalization;

namespace UGiftMe.Sandbox.State;

/// <summary>24-hex ids shaped like the API's MongoDB ObjectIds: seconds since 1970, then a counter.</summary>
internal sealed class IdGenerator(TimeProvider time, int seed)
{
    private readonly uint _machine = (uint)seed * 2654435761u;
    private long _counter;

    public string Next()
    {
        var seconds = (uint)time.GetUtcNow().ToUnixTimeSeconds();
        var counter = (ulong)Interlocked.Increment(ref _counter);
        return string.Create(
            CultureInfo.InvariantCulture, $"{seconds:x8}{_machine:x8}{counter:x8}");
    }
}
