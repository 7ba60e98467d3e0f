using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace UGiftMe.Benchmarks;

/// <summary>
/// Runs every benchmark method for a moment before BenchmarkDotNet measures anything. The benchmarks run in-process,
/// so the first one measured used to pay for the process still compiling and tiering up shared code (HttpClient,
/// Newtonsoft.Json): in three runs out of five the very first baseline came out 1.5–3× slower than the identical
/// baseline measured a minute later, which made its whole table meaningless.
/// </summary>
internal static class ProcessWarmup
{
    private static readonly TimeSpan PerMethod = TimeSpan.FromMilliseconds(300);

    public static void Run(IEnumerable<Type> benchmarkTypes)
    {
        foreach (var type in benchmarkTypes)
        {
            var instance = Activator.CreateInstance(type)!;
            foreach (var parameter in type.GetProperties().Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null))
            {
                parameter.SetValue(instance, parameter.GetCustomAttribute<ParamsAttribute>()!.Values[0]);
            }

            Invoke<GlobalSetupAttribute>(type, instance);
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            {
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed < PerMethod)
                {
                    if (method.Invoke(instance, null) is Task task)
                    {
                        task.GetAwaiter().GetResult();
                    }
                }
            }

            Invoke<GlobalCleanupAttribute>(type, instance);
        }
    }

    private static void Invoke<TAttribute>(Type type, object instance)
        where TAttribute : Attribute
    {
        foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<TAttribute>() is not null))
        {
            method.Invoke(instance, null);
        }
    }
}
