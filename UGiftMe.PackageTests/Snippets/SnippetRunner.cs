using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace UGiftMe.PackageTests.Snippets;

/// <summary>
/// Runs a documentation snippet as printed: compiled by <see cref="SnippetCompiler.CompileRunnable"/> into an assembly
/// of its own, whose top-level statements run in this process against the assemblies these tests run with. The names of
/// its context comment, and the <see cref="SnippetCompiler.Ambient"/> names, take the values the test gives.
/// </summary>
public static class SnippetRunner
{
    /// <summary>Runs <paramref name="snippet"/> to its end; its exception, if it throws, is this call's.</summary>
    /// <returns>How many hosts it built started (and, with <paramref name="stopAppOnceStarted"/>, were stopped).</returns>
    /// <param name="snippet">A block with statements.</param>
    /// <param name="implicitUsings">The project's implicit usings.</param>
    /// <param name="values">A value for each name of the block's context comment, and for any ambient name it uses.</param>
    /// <param name="args">The program's <c>args</c>.</param>
    /// <param name="stopAppOnceStarted">
    /// For a block that runs an app (<c>app.Run()</c>): the host it builds is stopped as soon as it has started, so the
    /// run checks the app's start-up and returns.
    /// </param>
    public static async Task<int> RunAsync(
        DocumentationSnippet snippet,
        IReadOnlyList<string> implicitUsings,
        IReadOnlyDictionary<string, object?> values,
        string[]? args = null,
        bool stopAppOnceStarted = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        var compilation = SnippetCompiler.CompileRunnable(snippet, implicitUsings, withAmbient: true);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.That(emitted.Success, Is.True, () => $"{snippet} does not compile:{Environment.NewLine}{SnippetCompiler.Describe(SnippetCompiler.Errors(compilation))}");

        // Its own collectible context; every assembly it references resolves to the one this test already loaded, so
        // the values handed in are the snippet's types.
        var context = new AssemblyLoadContext(snippet.ToString(), isCollectible: true);
        try
        {
            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            var given = (Dictionary<string, object?>)assembly.GetType("SnippetContext", throwOnError: true)!.GetField("Values")!.GetValue(null)!;
            var ambient = assembly.GetType("SnippetAmbient", throwOnError: true)!;
            foreach (var (name, value) in values)
            {
                given[name] = value;
                ambient.GetField(name)?.SetValue(null, value);
            }

            var main = assembly.GetType("Program", throwOnError: true)!.GetMethod("<Main>$", BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new AssertionException($"{snippet} has no top-level statements to run.");
            using var hosts = new HostWatcher(stopAppOnceStarted);
            await InvokeAsync(main, args ?? [], hosts).ConfigureAwait(false);
            return hosts.Started;
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task InvokeAsync(MethodInfo main, string[] args, HostWatcher hosts)
    {
        // Only hosts built by this call's flow are watched (an AsyncLocal set here does not leak to the caller).
        HostWatcher.Current.Value = hosts;
        object? result;
        try
        {
            result = main.Invoke(null, [args]);
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(invocation.InnerException);
            throw;
        }

        if (result is Task task)
        {
            await task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Counts the hosts built in the snippet's flow that start, and stops each once started if asked to: the hosting
    /// library announces every host it builds on its <see cref="DiagnosticListener"/> (what <c>WebApplicationFactory</c>
    /// listens to).
    /// </summary>
    private sealed class HostWatcher : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        public static readonly AsyncLocal<HostWatcher?> Current = new();

        private readonly bool _stopOnceStarted;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly IDisposable _listeners;
        private int _started;

        public HostWatcher(bool stopOnceStarted)
        {
            _stopOnceStarted = stopOnceStarted;
            _listeners = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Started => Volatile.Read(ref _started);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "HostBuilt" && value.Value is IHost host && Current.Value == this)
            {
                var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
                lifetime.ApplicationStarted.Register(() =>
                {
                    Interlocked.Increment(ref _started);
                    if (_stopOnceStarted)
                    {
                        lifetime.StopApplication();
                    }
                });
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _listeners.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(subscription => subscription.Dispose());
            }
        }
    }
}
