using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;

namespace ModelLifecycle.Portal.Storage;

/// <summary>Database provider, data folder, artifact store and audit key: the one place the storage choice is made.</summary>
public static class PortalStorage
{
    public const string SqliteProvider = "Sqlite";
    public const string SqlServerProvider = "SqlServer";

    public static string DataDirectory(IConfiguration config) =>
        Path.GetFullPath(config["Portal:DataDirectory"] is { Length: > 0 } dir ? dir : "data");

    public static string Provider(IConfiguration config) => config["Portal:Database:Provider"] is { Length: > 0 } p ? p : SqliteProvider;

    public static WebApplicationBuilder AddPortalStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddPortalStorage(builder.Configuration);
        builder.Services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");
        return builder;
    }

    /// <summary>The storage services alone (also used by component tests, without a web host).</summary>
    public static IServiceCollection AddPortalStorage(this IServiceCollection services, IConfiguration config)
    {
        var dataDir = DataDirectory(config);
        Directory.CreateDirectory(dataDir);
        var connection = config.GetConnectionString("Portal");

        switch (Provider(config))
        {
            case SqliteProvider:
                var sqlite = string.IsNullOrWhiteSpace(connection) ? $"Data Source={Path.Combine(dataDir, "portal.db")}" : connection;
                if (new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqlite).DataSource is { Length: > 0 } file && file != ":memory:")
                {
                    OwnerOnlyFiles.Ensure(Path.GetFullPath(file));
                }

                services.AddDbContextFactory<SqlitePortalDbContext>(o => o.UseSqlite(sqlite));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, ProviderContextFactory<SqlitePortalDbContext>>();
                break;
            case SqlServerProvider:
                if (string.IsNullOrWhiteSpace(connection))
                {
                    throw new InvalidOperationException("Portal:Database:Provider is SqlServer but ConnectionStrings:Portal is empty.");
                }

                services.AddDbContextFactory<SqlServerPortalDbContext>(o => o.UseSqlServer(connection));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, ProviderContextFactory<SqlServerPortalDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Unknown Portal:Database:Provider '{Provider(config)}' (Sqlite or SqlServer).");
        }

        // Identity's stores want a scoped context; it comes from the same factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        services.AddSingleton<IArtifactStore>(new LocalArtifactStore(Path.Combine(dataDir, "artifacts")));
        services.AddSingleton(sp => LoadAuditKey(config, dataDir, sp.GetRequiredService<ILoggerFactory>().CreateLogger("ModelLifecycle.Audit")));
        return services;
    }

    /// <summary>Creates or upgrades the database to the latest migration of the configured provider.</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets the portal read while a writer holds the lock.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private static AuditKey LoadAuditKey(IConfiguration config, string dataDir, ILogger logger)
    {
        if (config["Portal:Audit:Key"] is { Length: > 0 } configured)
        {
            return new AuditKey(Convert.FromBase64String(configured));
        }

        var path = Path.Combine(dataDir, "audit.key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            logger.LogWarning("No Portal:Audit:Key configured: generated an audit chain key at {Path}. Back it up and keep it out of the database; without it the audit chain cannot be verified.", path);
        }

        return new AuditKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
        where TContext : PortalDbContext
    {
        public PortalDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
