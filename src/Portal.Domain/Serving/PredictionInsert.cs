using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// Writes a batch of prediction records in one transaction with one parameterised <c>INSERT</c> reused per row.
/// Table, columns and value conversions come from the EF model's own mappings (the UTC converter, Guid and bool
/// storage of the provider), so rows read back through EF exactly as if <c>SaveChangesAsync</c> had written them,
/// without change tracking and without the audit sealing (predictions are data, not audit events).
/// </summary>
internal static class PredictionInsert
{
    // One statement and column list per EF model (one per provider), built on first use.
    private static readonly ConditionalWeakTable<IModel, Plan> Plans = [];

    public static async Task WriteAsync(PortalDbContext db, IReadOnlyList<PredictionRecord> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var plan = Plans.GetValue(db.Model, model => Plan.For(model, db.GetService<ISqlGenerationHelper>()));
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = plan.Sql;
            foreach (var record in batch)
            {
                Bind(command, plan.Columns, record);
                await command.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Parameters are made per row by the type mapping: it converts the value and sizes it (SQL Server sizes string
    // parameters by value, so a reused parameter sized for one row could truncate the next).
    private static void Bind(DbCommand command, Column[] columns, PredictionRecord record)
    {
        command.Parameters.Clear();
        foreach (var c in columns)
        {
            var value = c.Getter.GetClrValue(record);
            if (value is string s && c.MaxLength is { } max && s.Length > max)
            {
                // A bounded text (the error message) longer than its column would fail the whole batch on a server
                // database; the log keeps its beginning instead.
                value = s[..max];
            }

            command.Parameters.Add(c.Mapping.CreateParameter(command, c.ParameterName, value, c.Property.IsNullable));
        }
    }

    private sealed record Plan(string Sql, Column[] Columns)
    {
        public static Plan For(IModel model, ISqlGenerationHelper sql)
        {
            var entity = model.FindEntityType(typeof(PredictionRecord))
                ?? throw new InvalidOperationException("PredictionRecord is not part of the model.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties().Where(p => !p.IsShadowProperty()).Select((p, i) => new Column(
                p, sql.DelimitIdentifier(p.GetColumnName(table)!), sql.GenerateParameterName($"p{i}"), sql.GenerateParameterNamePlaceholder($"p{i}"),
                p.GetRelationalTypeMapping(), p.GetGetter(), p.GetMaxLength())).ToArray();
            var text = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => c.Name))}) "
                + $"VALUES ({string.Join(", ", columns.Select(c => c.Placeholder))})";
            return new Plan(text, columns);
        }
    }

    private sealed record Column(
        IProperty Property, string Name, string ParameterName, string Placeholder, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, int? MaxLength);
}
