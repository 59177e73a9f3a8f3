using System.Data.Common;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ModelLifecycle.Domain.Audit;

/// <summary>
/// SQLite: steps one prepared statement and hashes each text column from the UTF-8 bytes SQLite holds, without making
/// a string (SQLite stores text as UTF-8, which is what the canonical form hashes). Values the fast path does not take
/// (text that is not valid UTF-8, a timestamp not in the form the provider writes) go through the same conversions a
/// data reader applies, so the bytes hashed are those of the event EF would read.
/// </summary>
internal sealed class SqliteAuditChainReader : AuditChainReader
{
    private readonly SqliteConnection connection;
    private readonly Sql sql;
    private readonly sqlite3_stmt statement;

    // The statement's native pointer when the column functions can be called directly (see SqliteColumns), else zero.
    private readonly IntPtr direct;
    private byte[] scratch = new byte[1024];

    private SqliteAuditChainReader(SqliteConnection connection, Sql sql, sqlite3_stmt statement)
    {
        this.connection = connection;
        this.sql = sql;
        this.statement = statement;
        direct = SqliteColumns.Available ? statement.DangerousGetHandle() : IntPtr.Zero;
    }

    public static SqliteAuditChainReader? TryOpen(DbConnection connection, Sql sql, long lastSequence)
    {
        if (connection is not SqliteConnection { Handle: { } db } sqlite)
        {
            return null;
        }

        // Column bytes are UTF-8 only in a UTF-8 database (the default, and what EF creates); else read strings.
        using (var encoding = sqlite.CreateCommand())
        {
            encoding.CommandText = "PRAGMA encoding";
            if (encoding.ExecuteScalar() is not "UTF-8")
            {
                return null;
            }
        }

        var rc = raw.sqlite3_prepare_v2(db, sql.Select(lastSequence), out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        return new SqliteAuditChainReader(sqlite, sql, statement);
    }

    public override bool Read(AuditChainRow row)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }

        if (rc != raw.SQLITE_ROW)
        {
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }

        row.Id = Int64(IdColumn);
        row.Begin(Int64(0));
        row.AppendNumber(AtTicks(row.Id));
        for (var i = AtColumn + 1; i < PreviousHashColumn; i++)
        {
            if (TryText(i, out var text))
            {
                row.AppendUtf8(text);
            }
            else
            {
                row.AppendNull();
            }
        }

        row.SetPreviousHash(TryText(PreviousHashColumn, out var link) ? link : default);
        row.SetHash(TryText(HashColumn, out var hash) ? hash : default);
        return true;
    }

    public override void Dispose() => statement.Dispose();

    private long Int64(int column) => direct != IntPtr.Zero ? SqliteColumns.sqlite3_column_int64(direct, column) : raw.sqlite3_column_int64(statement, column);

    /// <summary>A column's value as UTF-8 text (converted as a data reader's GetString converts it); false for NULL.</summary>
    private bool TryText(int column, out ReadOnlySpan<byte> text)
    {
        if (direct == IntPtr.Zero)
        {
            text = default;
            if (raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL)
            {
                return false;
            }

            // sqlite3_column_text makes the value text; the blob call then returns those bytes.
            raw.sqlite3_column_text(statement, column);
            text = raw.sqlite3_column_blob(statement, column);
            return true;
        }

        var p = SqliteColumns.sqlite3_column_text(direct, column);
        if (p == IntPtr.Zero)
        {
            text = default;
            return SqliteColumns.sqlite3_column_type(direct, column) == raw.SQLITE_NULL ? false : throw new OutOfMemoryException("SQLite could not convert a column to text.");
        }

        var length = SqliteColumns.sqlite3_column_bytes(direct, column);
        if (scratch.Length < length)
        {
            scratch = new byte[Math.Max(length, scratch.Length * 2)];
        }

        Marshal.Copy(p, scratch, 0, length);
        text = scratch.AsSpan(0, length);
        return true;
    }

    private long AtTicks(long id)
    {
        var type = direct != IntPtr.Zero ? SqliteColumns.sqlite3_column_type(direct, AtColumn) : raw.sqlite3_column_type(statement, AtColumn);
        if (type == raw.SQLITE_TEXT && TryText(AtColumn, out var text) && SqliteTimestamp.TryParse(text, out var ticks))
        {
            return ticks;
        }

        // Anything else is read as EF reads it: the provider's own DateTime conversion.
        using var command = connection.CreateCommand();
        command.CommandText = sql.SelectAt(id);
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetDateTime(0).Ticks;
    }
}

/// <summary>
/// SQLite's column functions called directly: through SQLitePCL each call marshals the statement's SafeHandle and
/// switches GC mode, which cost more than the query itself over a million rows of twelve columns (measured: 2.4 s of
/// CPU against 1.3 s this way). Used only when the provider SQLitePCL loaded is the bundled e_sqlite3 library, so
/// these calls reach the same library that owns the statement. The functions only read the current row (text
/// conversion at most allocates), never block and never call back, as SuppressGCTransition requires.
/// </summary>
internal static class SqliteColumns
{
    private const string Library = "e_sqlite3";

    public static bool Available { get; } = string.Equals(raw.GetNativeLibraryName(), Library, StringComparison.Ordinal);

    [DllImport(Library, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern IntPtr sqlite3_column_text(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_column_bytes(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int sqlite3_column_type(IntPtr statement, int column);

    [DllImport(Library, ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern long sqlite3_column_int64(IntPtr statement, int column);
}

/// <summary>The text form Microsoft.Data.Sqlite writes a DateTime in: "yyyy-MM-dd HH:mm:ss" and up to 7 fraction digits.</summary>
internal static class SqliteTimestamp
{
    public static bool TryParse(ReadOnlySpan<byte> text, out long ticks)
    {
        ticks = 0;
        if (text.Length < 19 || text.Length == 20 || text.Length > 27
            || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var fraction = 0;
        if (text.Length > 19)
        {
            var digits = text[20..];
            if (text[19] != '.' || !Digits(digits, out fraction))
            {
                return false;
            }

            for (var i = digits.Length; i < 7; i++)
            {
                fraction *= 10;
            }
        }

        // Out-of-range parts (a leap second, month 13) are left to the provider's own parser.
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
