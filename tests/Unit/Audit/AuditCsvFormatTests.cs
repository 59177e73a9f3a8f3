using System.Security.Cryptography;
using ModelLifecycle.Domain.Audit;

namespace ModelLifecycle.Tests.Unit.Audit;

public sealed class AuditCsvFormatTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static readonly string?[] Tricky =
    [
        null, "", "=HYPERLINK(\"http://x\")", "+1", "-5", "@SUM(A1)", "\tTab", "\rCR", "'already quoted", "''two",
        "comma, and \"quotes\"", "line\nbreak\r\nand crlf", "naïve ☃ 𝄞", " leading space", "{\"n\":-1}",
    ];

    private static List<AuditEvent> Chain(int n, long firstSequence = 1)
    {
        var events = new List<AuditEvent>();
        var hash = firstSequence == 1 ? "" : new string('a', 64);
        for (var i = 0; i < n; i++)
        {
            var e = new AuditEvent
            {
                At = new DateTime(2026, 11, 24, 5, 1, 2, DateTimeKind.Utc).AddTicks(1234567 + (i * 10_000_001L)),
                Actor = Tricky[(i + 2) % Tricky.Length] ?? "actor",
                Action = "model.created",
                EntityType = i % 2 == 0 ? "model" : "-version",
                EntityId = $"m{i}",
                Before = Tricky[i % Tricky.Length],
                After = Tricky[(i + 1) % Tricky.Length],
                Reason = Tricky[(i + 3) % Tricky.Length],
            };
            AuditChain.Seal(Key, e, firstSequence - 1 + i, hash);
            hash = e.Hash;
            events.Add(e);
        }

        return events;
    }

    private static async Task<string> ExportAsync(IEnumerable<AuditEvent> events)
    {
        using var writer = new StringWriter();
        await AuditCsvFormat.WriteAsync(writer, events.ToAsyncEnumerable(), CancellationToken.None);
        return writer.ToString();
    }

    [Fact]
    public async Task Every_value_round_trips_exactly_null_distinct_from_empty()
    {
        var events = Chain(Tricky.Length * 2);
        var csv = await ExportAsync(events);
        var rows = AuditCsvFormat.Read(new StringReader(csv)).ToList();

        Assert.Equal(AuditCsvFormat.Columns, rows[0].Cells);
        Assert.Equal(events.Count + 1, rows.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var c = rows[i + 1].Cells;
            Assert.Equal(i + 2, rows[i + 1].Row);
            Assert.Equal(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), c[0]);
            Assert.Equal(e.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture), c[1]);
            Assert.EndsWith("Z", c[1], StringComparison.Ordinal);
            Assert.Equal(new string?[] { e.Actor, e.Action, e.EntityType, e.EntityId, e.Before, e.After, e.Reason, e.PreviousHash, e.Hash }.AsEnumerable(), c[2..].AsEnumerable());
        }

        Assert.True(AuditExportCheck.Verify(Key, new StringReader(csv)).Valid);
    }

    [Fact]
    public async Task Cells_that_a_spreadsheet_would_run_begin_with_an_apostrophe()
    {
        var csv = await ExportAsync(Chain(Tricky.Length));
        foreach (var formula in new[] { "=HYPERLINK", "+1", "-5", "@SUM", "\tTab", "\rCR" })
        {
            Assert.DoesNotContain($"\"{formula}", csv, StringComparison.Ordinal);
            Assert.Contains($"\"'{formula}", csv, StringComparison.Ordinal);
        }

        Assert.Contains("\"''already quoted\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_is_an_empty_cell_and_empty_text_is_two_quotes()
    {
        var e = Chain(1)[0];
        e.Before = null;
        e.After = "";
        AuditChain.Seal(Key, e, 0, "");
        var line = (await ExportAsync([e])).Split("\r\n")[1];
        Assert.Contains(",\"m0\",,\"\",", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contiguous_slice_from_the_middle_of_a_chain_verifies()
    {
        var csv = await ExportAsync(Chain(10).Skip(3));
        var result = AuditExportCheck.Verify(Key, new StringReader(csv));
        Assert.True(result.Valid, result.Message);
        Assert.Equal(4, result.FirstSequence);
        Assert.Equal(10, result.LastSequence);
    }

    [Theory]
    [InlineData("edit a cell")]
    [InlineData("remove a row")]
    [InlineData("edit a time")]
    [InlineData("wrong key")]
    [InlineData("drop the apostrophe")]
    public async Task Tampering_is_reported_at_the_first_broken_row(string how)
    {
        var events = Chain(6);
        var key = Key;
        string csv;
        var expectedRow = 4; // header is row 1, event with sequence 3 is row 4
        switch (how)
        {
            case "edit a cell":
                events[2].EntityId = "other";
                csv = await ExportAsync(events);
                break;
            case "remove a row":
                events.RemoveAt(2);
                csv = await ExportAsync(events);
                break;
            case "edit a time":
                events[2].At = events[2].At.AddTicks(1);
                csv = await ExportAsync(events);
                break;
            case "wrong key":
                csv = await ExportAsync(events);
                key = new byte[32];
                expectedRow = 2;
                break;
            default:
                events[2].Actor = "=cmd";
                csv = (await ExportAsync(events)).Replace("\"'=cmd\"", "\"=cmd\"", StringComparison.Ordinal);
                break;
        }

        var result = AuditExportCheck.Verify(key, new StringReader(csv));
        Assert.False(result.Valid);
        Assert.Equal(expectedRow, result.BrokenRow);
        Assert.StartsWith($"Row {expectedRow}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_is_not_the_export_format_is_refused()
    {
        var result = AuditExportCheck.Verify(Key, new StringReader("Id,Sequence\r\n1,1\r\n"));
        Assert.False(result.Valid);
        Assert.Equal(1, result.BrokenRow);
    }
}
