using System.Reflection;
using StackExchange.Redis;

namespace UGiftMe.Redis.Tests;

/// <summary>
/// A connection that forwards every command to a real one, but holds the answers of hash reads (the backplane's read
/// of the fleet's trust) until <see cref="Release"/>: the read runs at once, so what it answers is as old as that
/// moment, and it arrives whenever the test says.
/// </summary>
public sealed class HeldTrustReads
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reads;

    private HeldTrustReads(IConnectionMultiplexer redis)
    {
        Connection = Forward(redis, (method, result) =>
            method.Name == nameof(IConnectionMultiplexer.GetDatabase)
                ? Forward((IDatabase)result!, (inner, answer) =>
                    inner.Name == nameof(IDatabase.HashGetAsync) && answer is Task<RedisValue[]> read ? Hold(read) : answer)
                : result);
    }

    /// <summary>The connection to give the channel under test.</summary>
    public IConnectionMultiplexer Connection { get; }

    /// <summary>How many hash reads were sent.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public static HeldTrustReads Over(IConnectionMultiplexer redis) => new(redis);

    /// <summary>Lets the held answers through.</summary>
    public void Release() => _release.TrySetResult();

    private async Task<RedisValue[]> Hold(Task<RedisValue[]> read)
    {
        Interlocked.Increment(ref _reads);
        var answer = await read.ConfigureAwait(false);
        await _release.Task.ConfigureAwait(false);
        return answer;
    }

    /// <summary>Forwards each call to <paramref name="inner"/>; <paramref name="replace"/> may swap what a call returned.</summary>
    private static T Forward<T>(T inner, Func<MethodInfo, object?, object?> replace)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, Forwarding<T>>();
        ((Forwarding<T>)(object)proxy).Target = (inner, replace);
        return proxy;
    }

    /// <summary>The proxy <see cref="Forward"/> makes.</summary>
    public class Forwarding<T> : DispatchProxy
        where T : class
    {
        internal (T Inner, Func<MethodInfo, object?, object?> Replace) Target { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            try
            {
                return Target.Replace(targetMethod!, targetMethod!.Invoke(Target.Inner, args));
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
