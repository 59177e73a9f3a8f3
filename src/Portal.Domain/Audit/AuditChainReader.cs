using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Audit;

/// <summary>How verify reads the stored chain; <see cref="Native"/> unless a test compares the two.</summary>
internal enum AuditChainReading
{
    /// <summary>SQLite's own column bytes where the database is SQLite, the data reader elsewhere.</summary>
    Native,

    /// <summary>The provider's data reader and its strings, on any database.</summary>
    DataReader,
}

/// <summary>
/// Reads the stored chain oldest first straight into <see cref="AuditChainRow"/>s: one SQL query built from the EF model
/// (so it names the same table and columns on SQLite and SQL Server), only the columns the hash needs, no entities.
/// </summary>
internal abstract class AuditChainReader : IDisposable
{
    // Column order of the query: the hashed fields in canonical order, then the link, the hash and the id.
    internal const int PreviousHashColumn = 9;
    internal const int HashColumn = 10;
    internal const int IdColumn = 11;
    internal const int AtColumn = 1;

    /// <summary>Opens the context's connection (the context closes it when disposed) and starts the query.</summary>
    public static async Task<AuditChainReader> OpenAsync(PortalDbContext db, long lastSequence, AuditChainReading reading, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var sql = new Sql(db);
        if (reading == AuditChainReading.Native && SqliteAuditChainReader.TryOpen(connection, sql, lastSequence) is { } native)
        {
            return native;
        }

        return await DataReaderAuditChainReader.OpenAsync(connection, sql.Select(lastSequence), ct);
    }

    /// <summary>Fills <paramref name="row"/> with the next event; false after the last.</summary>
    public abstract bool Read(AuditChainRow row);

    /// <summary>
    /// The rows in order, read ahead on a thread of its own while the caller hashes: reading and hashing cost about the
    /// same, so on two cores the walk takes the time of the slower of the two. A handful of batches of reused rows go
    /// round between the two threads, so memory stays flat. A row is valid until the caller asks for the next one.
    /// Leaving the loop early stops the reading thread before this returns.
    /// </summary>
    public IEnumerable<AuditChainRow> ReadAhead(CancellationToken ct)
    {
        const int batches = 4;
        using var free = new BlockingCollection<Batch>(batches);
        using var filled = new BlockingCollection<Batch>(batches);
        for (var i = 0; i < batches; i++)
        {
            free.Add(new Batch());
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Factory.StartNew(() => Fill(free, filled, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var batch in filled.GetConsumingEnumerable(stop.Token))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    yield return batch.Rows[i];
                }

                free.Add(batch, stop.Token);
            }

            // Surfaces a failed read (the enumeration also ends when reading fails).
            reading.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try
            {
                reading.Wait(CancellationToken.None);
            }
            catch (AggregateException e) when (e.InnerException is OperationCanceledException)
            {
                // The reading thread stopped because the walk did.
            }
        }
    }

    private void Fill(BlockingCollection<Batch> free, BlockingCollection<Batch> filled, CancellationToken ct)
    {
        try
        {
            var more = true;
            while (more)
            {
                var batch = free.Take(ct);
                batch.Count = 0;
                while (batch.Count < batch.Rows.Length && (more = Read(batch.Rows[batch.Count])))
                {
                    batch.Count++;
                }

                filled.Add(batch, ct);
            }
        }
        finally
        {
            filled.CompleteAdding();
        }
    }

    public abstract void Dispose();

    private sealed class Batch
    {
        public AuditChainRow[] Rows { get; } = [.. Enumerable.Range(0, 256).Select(_ => new AuditChainRow())];

        public int Count { get; set; }
    }

    /// <summary>The statements, with table and column names taken from the model and quoted by the provider.</summary>
    internal sealed class Sql
    {
        private readonly string[] columns;
        private readonly string table;

        public Sql(PortalDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(AuditEvent))!;
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var quote = db.GetService<ISqlGenerationHelper>();
            table = quote.DelimitIdentifier(store.Name, store.Schema);
            columns = [.. AuditChain.HashedProperties.Concat([nameof(AuditEvent.PreviousHash), nameof(AuditEvent.Hash), nameof(AuditEvent.Id)])
                .Select(p => quote.DelimitIdentifier(entity.FindProperty(p)!.GetColumnName(store)!))];
        }

        /// <summary>Events up to the given sequence, oldest first (the sequence is a number, so it is written inline).</summary>
        public string Select(long lastSequence) =>
            $"SELECT {string.Join(", ", columns)} FROM {table} WHERE {columns[0]} <= {lastSequence} ORDER BY {columns[0]}";

        /// <summary>One event's timestamp by id, for the rare value the fast parse does not take.</summary>
        public string SelectAt(long id) => $"SELECT {columns[AtColumn]} FROM {table} WHERE {columns[IdColumn]} = {id}";
    }
}

/// <summary>Any provider: ordinal access, strings as the provider returns them (what EF would have put in the entity).</summary>
internal sealed class DataReaderAuditChainReader(DbCommand command, DbDataReader reader) : AuditChainReader
{
    public static async Task<AuditChainReader> OpenAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        // Columns are read in order, so the reader can stream large values instead of buffering each row.
        var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        return new DataReaderAuditChainReader(command, reader);
    }

    public override bool Read(AuditChainRow row)
    {
        if (!reader.Read())
        {
            return false;
        }

        row.Begin(reader.GetInt64(0));
        row.AppendNumber(reader.GetDateTime(AtColumn).Ticks);
        for (var i = AtColumn + 1; i < PreviousHashColumn; i++)
        {
            row.AppendText(reader.IsDBNull(i) ? null : reader.GetString(i));
        }

        row.SetPreviousHash(reader.GetString(PreviousHashColumn));
        row.SetHash(reader.GetString(HashColumn));
        row.Id = reader.GetInt64(IdColumn);
        return true;
    }

    public override void Dispose()
    {
        reader.Dispose();
        command.Dispose();
    }
}
