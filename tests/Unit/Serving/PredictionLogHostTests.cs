using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Portal.Serving;
using ModelLifecycle.Portal.Storage;

namespace ModelLifecycle.Tests.Unit.Serving;

/// <summary>The prediction log as the portal registers it, in a real host over a real SQLite file.</summary>
public sealed class PredictionLogHostTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"ml-predlog-{Guid.NewGuid():N}");

    [Fact]
    public async Task Graceful_stop_of_the_host_writes_every_queued_record()
    {
        const int count = 20_000;
        using (var host = BuildHost())
        {
            await host.Services.MigratePortalDatabaseAsync(CancellationToken.None);
            await host.StartAsync();
            var log = host.Services.GetRequiredService<IPredictionLog>();
            Assert.Same(log, host.Services.GetServices<IHostedService>().OfType<PredictionLogWriter>().Single());
            var at = DateTime.UtcNow;
            for (var i = 0; i < count; i++)
            {
                Assert.True(log.TryEnqueue(PredictionRecords.Make(i, at)));
            }

            await host.StopAsync();
            Assert.Equal(0, log.QueueDepth);
        }

        // Counted through a new connection, after the host is gone.
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "portal.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Predictions";
        Assert.Equal(count, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Host_refuses_to_start_with_an_out_of_range_setting_naming_its_key()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Portal:Serving:LogQueueCapacity"] = "0" });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Portal:Serving:LogQueueCapacity", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private IHost BuildHost(Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = directory,
            ["Portal:Serving:LogBatchSize"] = "100",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPortalStorage(builder.Configuration);
        builder.Services.AddPredictionLog(builder.Configuration);
        return builder.Build();
    }
}
