using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ModelLifecycle.Domain.Audit;

namespace ModelLifecycle.Domain.Storage;

// Used only by `dotnet ef` to generate migrations; the running app configures contexts in PortalStorage.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=design.db").Options,
        new AuditKey(new byte[32]));
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerPortalDbContext>
{
    public SqlServerPortalDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqlServerPortalDbContext>().UseSqlServer("Server=localhost;Database=ModelLifecycle;Trusted_Connection=True;TrustServerCertificate=True").Options,
        new AuditKey(new byte[32]));
}
