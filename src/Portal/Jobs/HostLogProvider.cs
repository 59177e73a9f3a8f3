using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace ModelLifecycle.Portal.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide (<c>LogProvider</c> is static) and Hangfire asks it for loggers lazily, e.g.
/// when it first reads a job method's filter attributes (<c>AutomaticRetryAttribute</c>'s constructor). With several
/// hosts in one process (the integration tests) the provider of a host that has stopped holds a disposed
/// <see cref="ILoggerFactory"/>, and enqueueing a job in a live host then failed with <see cref="ObjectDisposedException"/>
/// (a 500 from a drift scan whose trigger queued a retraining). This provider answers with the host's loggers while the
/// host lives and with a silent logger afterwards, so logging can never make a job fail.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
