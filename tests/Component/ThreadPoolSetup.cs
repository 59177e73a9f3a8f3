using System.Runtime.CompilerServices;

namespace ModelLifecycle.Tests.Component;

/// <summary>
/// bUnit's synchronous WaitFor/Click block a thread-pool thread while the renderer's dispatcher needs another; with
/// many page tests in parallel on two cores the pool starved and waits timed out without ever checking (seen in a full
/// run). Enough threads from the start, and a wait that allows for a loaded machine, remove that cause.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        Bunit.BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
    }
}
