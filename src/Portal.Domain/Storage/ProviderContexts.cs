using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;

namespace ModelLifecycle.Domain.Storage;

/// <summary>The SQLite flavour of the portal database; its migrations live in Storage/Migrations/Sqlite.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options, AuditKey auditKey)
    : PortalDbContext(options, auditKey);

/// <summary>The SQL Server flavour of the portal database; its migrations live in Storage/Migrations/SqlServer.</summary>
public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options, AuditKey auditKey)
    : PortalDbContext(options, auditKey);
