using Hangfire.AspNetCore;
using Microsoft.Extensions.Logging;
using ModelLifecycle.Portal.Jobs;
using Xunit;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>
/// Hangfire's log provider is process-wide; a host that stopped leaves its disposed logger factory behind. Enqueueing a
/// job in another host then failed (a 500 from a scan whose trigger queued a retraining, seen when test classes ran in
/// parallel). The portal's provider must outlive its host's logger factory without failing.
/// </summary>
public sealed class HangfireLoggingTests
{
    [Fact]
    public void A_stopped_hosts_log_provider_answers_with_a_silent_logger_instead_of_failing()
    {
        var seen = new Recorder();
        var factory = LoggerFactory.Create(b => b.AddProvider(seen).AddFilter(_ => true));
        var provider = new HostLogProvider(factory);
        Assert.True(provider.GetLogger("live").Log(Hangfire.Logging.LogLevel.Info, () => "while the host lives"));
        Assert.Equal(["while the host lives"], seen.Messages);
        factory.Dispose();

        // Hangfire's own provider fails here; this is what broke job creation.
        Assert.Throws<ObjectDisposedException>(() => new AspNetCoreLogProvider(factory).GetLogger("after"));
        var silent = provider.GetLogger("after");
        Assert.False(silent.Log(Hangfire.Logging.LogLevel.Error, () => "ignored"));
    }

    private sealed class Recorder : ILoggerProvider, ILogger
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
