using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Security;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;
using ModelLifecycle.Portal.Audit;

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
        builder.Services.AddPortalStorage(builder.Configuration, builder.Environment.IsProduction());
        builder.Services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");
        return builder;
    }

    /// <summary>The storage services alone (also used by component tests, without a web host).</summary>
    public static IServiceCollection AddPortalStorage(this IServiceCollection services, IConfiguration config, bool production = false)
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

                services.AddDbContextFactory<SqlitePortalDbContext>((sp, o) => o.UseSqlite(sqlite).AddInterceptors(sp.GetRequiredService<AuditCheckpointInterceptor>(), sp.GetRequiredService<SecurityChangeInterceptor>()));

                services.AddSingleton<IDbContextFactory<PortalDbContext>, ProviderContextFactory<SqlitePortalDbContext>>();
                break;
            case SqlServerProvider:
                if (string.IsNullOrWhiteSpace(connection))
                {
                    throw new InvalidOperationException("Portal:Database:Provider is SqlServer but ConnectionStrings:Portal is empty.");
                }

                services.AddDbContextFactory<SqlServerPortalDbContext>((sp, o) => o.UseSqlServer(connection).AddInterceptors(sp.GetRequiredService<AuditCheckpointInterceptor>(), sp.GetRequiredService<SecurityChangeInterceptor>()));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, ProviderContextFactory<SqlServerPortalDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Unknown Portal:Database:Provider '{Provider(config)}' (Sqlite or SqlServer).");
        }

        // Identity's stores want a scoped context; it comes from the same factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        services.AddSingleton<IArtifactStore>(new LocalArtifactStore(Path.Combine(dataDir, "artifacts")));
        if (production)
        {
            // Refuse to start rather than generate a key beside the database in Production.
            services.AddSingleton(AuditKeySource.Load(config, dataDir, production: true, logger: null));
        }
        else
        {
            services.AddSingleton(sp => AuditKeySource.Load(config, dataDir, production: false, sp.GetRequiredService<ILoggerFactory>().CreateLogger("ModelLifecycle.Audit")));
        }

        services.AddAuditCheckpoints(config, dataDir);

        // Credential changes move the security version after they commit (the API key cache's invalidation).
        services.TryAddSingleton<SecurityVersion>();
        services.TryAddSingleton<SecurityChangeInterceptor>();
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

    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
        where TContext : PortalDbContext
    {
        public PortalDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
