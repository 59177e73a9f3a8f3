using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.DriftReports;

/// <summary>
/// The streamed drift CSV parser against the CsvHelper reader it replaced (<see cref="LegacyDriftCsv"/>): for every
/// input both give the same columns bit for bit, or both refuse it (same message, or for malformed rows the same
/// row number); and a window read from a trickling, non-seekable stream equals the one read at once.
/// </summary>
public sealed partial class DriftCsvParityTests
{
    private static readonly FeatureDefinition[] Schema = [new("age", FeatureType.Numeric), new("plan", FeatureType.Categorical)];

    private sealed record Outcome(DriftWindow? Window, string? Error);

    private static Outcome Run(Func<DriftWindow> read)
    {
        try
        {
            return new Outcome(read(), null);
        }
        catch (DomainException ex)
        {
            return new Outcome(null, ex.Message);
        }
    }

    private static MemoryStream Bytes(string csv) => new(Encoding.UTF8.GetBytes(csv));

    [GeneratedRegex(@"at row (\d+)")]
    private static partial Regex RowPattern();

    private static void AssertSameAsLegacy(string csv, FeatureDefinition[]? schema = null)
    {
        schema ??= Schema;
        var legacy = Run(() => LegacyDriftCsv.Read(Bytes(csv), schema, "current"));
        var streamed = Run(() => DriftCsv.Read(Bytes(csv), schema, "current"));
        AssertSame(legacy, streamed, csv);
    }

    private static void AssertSame(Outcome expected, Outcome actual, string csv)
    {
        if (expected.Error is { } error)
        {
            Assert.True(actual.Error is not null, $"expected a refusal ({error}) for {Show(csv)}");
            if (error.Contains("malformed", StringComparison.Ordinal))
            {
                Assert.Contains("malformed", actual.Error, StringComparison.Ordinal);
                Assert.Equal(RowPattern().Match(error).Value, RowPattern().Match(actual.Error).Value);
            }
            else
            {
                Assert.Equal(error, actual.Error);
            }

            return;
        }

        Assert.True(actual.Error is null, $"unexpected refusal ({actual.Error}) for {Show(csv)}");
        AssertSameWindow(expected.Window!, actual.Window!);
    }

    private static void AssertSameWindow(DriftWindow expected, DriftWindow actual)
    {
        Assert.Equal(expected.Numeric.Keys.Order(), actual.Numeric.Keys.Order());
        foreach (var (name, values) in expected.Numeric)
        {
            Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), actual.Numeric[name].Select(BitConverter.DoubleToInt64Bits));
        }

        Assert.Equal(expected.Categorical.Keys.Order(), actual.Categorical.Keys.Order());
        foreach (var (name, values) in expected.Categorical)
        {
            Assert.Equal(values, actual.Categorical[name]);
        }

        Assert.Equal(expected.Scores?.Select(BitConverter.DoubleToInt64Bits), actual.Scores?.Select(BitConverter.DoubleToInt64Bits));
    }

    private static string Show(string csv) => csv.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    [Theory]
    [InlineData("age,plan\n1,a\n2,b\n")]
    [InlineData("age,plan\n1,a\n2,b")]
    [InlineData("age,plan\r\n1,a\r\n2,b\r\n")]
    [InlineData("age,plan\r\n1,a\r\n2,b")]
    [InlineData("age,plan\r1,a\r2,b\r")]
    [InlineData("\uFEFFage,plan\n1,a\n2,b\n")]
    [InlineData("plan,age,label,score\nbasic,31,1,0.9\n\"pro, yearly\",,0,0.2\n,NaN,1,0.4\n")]
    [InlineData("age,plan\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,x\n")]
    [InlineData("age,plan\n1,\"two\r\nlines\"\nthirty,x\n")]
    [InlineData("age,plan\n\"5\",a\n\" 6 \",\" b \"\n")]
    [InlineData("age,plan\n 5 , a \n  \"x y\"  ,7\n")]
    [InlineData("age,plan\n 5 , a \n7,  \"x y\"  \n")]
    [InlineData("age,plan\n\t5\t,\ta\t\n")]
    [InlineData("age,plan\nNA,NA\nnan,nan\n , \n\"\",\"\"\n\"NA\",\" na \"\n1,x\n")]
    [InlineData("age,plan\n1,a\n\n2,b\n\r\n\r\n3,c\n\n")]
    [InlineData("age,plan\n1,a,\n")]
    [InlineData("age,plan\n1\n")]
    [InlineData("AGE,Plan\n1,a\n")]
    [InlineData("age,plan,Score\n1,a,x\n")]
    [InlineData("age,plan\n1e3,a\n-2.5E-3,b\n+4,c\n.5,d\n5.,e\n-0,f\n-0.0,g\n0.1234567890123456789,h\n123456789012345678,i\n")]
    [InlineData("age,plan\nInfinity,a\n")]
    [InlineData("age,plan\n1e309,a\n")]
    [InlineData("age,plan\n1e301,a\n")]
    [InlineData("age,plan\n-1e308,a\n")]
    [InlineData("age,plan\n0x10,a\n")]
    [InlineData("age,plan\n\"1,000\",a\n")]
    [InlineData("age,plan\n.,a\n")]
    [InlineData("age,plan\n-,a\n")]
    [InlineData("age,plan\n1.2.3,a\n")]
    [InlineData("age,plan\n\u00A05\u00A0,\u00A0a\u00A0\n\u00A0,x\n")]
    [InlineData("age,plan\n5,ünïcødé ✓\n")]
    [InlineData("age,plan\n \n")]
    [InlineData("age,plan\n30,a\n31,b\"c\n32,d\n")]
    [InlineData("age,plan\n30,\"a\"b\n")]
    [InlineData("age,plan\n30,\"a\" ,b\n")]
    [InlineData("age,plan\n30,\"a\" \n")]
    [InlineData("age,plan\n30,\"abc\n31,d\n")]
    [InlineData("\"age\",\"plan\"\n1,a\n")]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("age,plan")]
    [InlineData("age,plan\n")]
    [InlineData("age,plan\n\n\n")]
    [InlineData("age,age\n1,2\n")]
    [InlineData("age\n1\n")]
    [InlineData("age,plan,income\n1,a,2\n")]
    [InlineData("age,plan,label\n1,a,\"x,y\"\n")]
    public void Edge_cases_read_as_the_previous_parser_read_them(string csv)
    {
        AssertSameAsLegacy(csv);
    }

    [Theory]
    [InlineData("age\n1\n\n2\n \n3\n")]
    [InlineData("age\n1\n\"\"\n")]
    [InlineData("age\r\n1\r\n2")]
    public void Single_column_windows_read_as_before(string csv)
    {
        AssertSameAsLegacy(csv, [new("age", FeatureType.Numeric)]);
    }

    [Fact]
    public void Rows_are_numbered_as_before_in_every_refusal()
    {
        var rows = string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},p{i}\n"));
        foreach (var (bad, at) in new[] { ("x,a", 7), ("1,a,b", 13), ("1,\"a\"b", 29), ("1e400,a", 40), ("1,a\"", 50) })
        {
            var lines = rows.Split('\n').ToList();
            lines[at] = bad;
            AssertSameAsLegacy("age,plan\n" + string.Join('\n', lines));
        }
    }

    private static readonly Func<Random, string>[] Cells =
    [
        r => r.NextDouble().ToString("F5", CultureInfo.InvariantCulture),
        r => (-r.NextDouble() * 1000).ToString("R", CultureInfo.InvariantCulture),
        r => (r.NextDouble() * Math.Pow(10, r.Next(-30, 30))).ToString("E4", CultureInfo.InvariantCulture),
        r => r.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
        r => (r.NextDouble() - 0.5).ToString("G17", CultureInfo.InvariantCulture),
        r => $" {r.Next(100)} ",
        r => $"\"{r.Next(100)}.5\"",
        _ => "",
        _ => "NA",
        _ => " nan ",
        _ => "\"\"",
    ];

    private static readonly Func<Random, string>[] Categories =
    [
        r => $"c{r.Next(5)}",
        r => $"\"c, {r.Next(3)}\"",
        _ => "\"quote \"\"q\"\"\"",
        _ => "\"two\nlines\"",
        _ => " spaced ",
        _ => "",
        _ => "NA",
        _ => "ä",
    ];

    private static string RandomCsv(Random rng, int rows)
    {
        var newline = rng.Next(3) switch { 0 => "\n", 1 => "\r\n", _ => "\r" };
        var sb = new StringBuilder(rng.Next(2) == 0 ? "age,plan,score" : "\uFEFFplan,score,age");
        var ageFirst = sb[0] == 'a';
        for (var i = 0; i < rows; i++)
        {
            sb.Append(newline);
            if (rng.Next(20) == 0)
            {
                sb.Append(newline);
            }

            var age = Cells[rng.Next(Cells.Length)](rng);
            var plan = Categories[rng.Next(Categories.Length)](rng);
            var score = rng.NextDouble().ToString("F3", CultureInfo.InvariantCulture);
            sb.Append(ageFirst ? $"{age},{plan},{score}" : $"{plan},{score},{age}");
        }

        if (rng.Next(2) == 0)
        {
            sb.Append(newline);
        }

        return sb.ToString();
    }

    [Fact]
    public void A_utf16_file_is_refused_asking_for_utf8()
    {
        var utf16 = new MemoryStream(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("age,plan\n1,a\n")).ToArray());
        var message = Assert.Throws<DomainException>(() => DriftCsv.Read(utf16, Schema, "reference")).Message;
        Assert.Contains("UTF-16", message, StringComparison.Ordinal);
        Assert.Contains("reference CSV", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_windows_read_exactly_as_before()
    {
        var rng = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            AssertSameAsLegacy(RandomCsv(rng, rng.Next(1, 60)));
        }
    }

    [Fact]
    public async Task A_trickling_non_seekable_stream_gives_the_same_window_as_reading_at_once()
    {
        var rng = new Random(3);
        for (var i = 0; i < 100; i++)
        {
            var csv = RandomCsv(rng, rng.Next(1, 80));
            var atOnce = Run(() => DriftCsv.Read(Bytes(csv), Schema, "current"));
            var trickled = await RunAsync(() => DriftCsv.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(csv), rng.Next(1, 8), i), Schema, "current", CancellationToken.None));
            AssertSame(atOnce, trickled, csv);
        }
    }

    [Fact]
    public async Task A_window_larger_than_the_buffer_is_read_from_a_forward_only_stream()
    {
        // ~6 MB: several 1 MiB buffers, records cut at every buffer end, a quoted field longer than a buffer.
        var rng = new Random(5);
        var sb = new StringBuilder("age,plan\n");
        for (var i = 0; i < 300_000; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{rng.NextDouble() * 100 - 50:F4},c{rng.Next(7)}\n");
        }

        sb.Append("1,\"").Append('x', 1_500_000).Append("\"\n2,last\n");
        var csv = sb.ToString();
        var streamed = await DriftCsv.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(csv), 65_536, 1), Schema, "reference", CancellationToken.None);
        var legacy = LegacyDriftCsv.Read(Bytes(csv), Schema, "reference");
        Assert.Equal(300_002, streamed.Numeric["age"].Length);
        AssertSameWindow(legacy, streamed);
    }

    private static async Task<Outcome> RunAsync(Func<Task<DriftWindow>> read)
    {
        try
        {
            return new Outcome(await read(), null);
        }
        catch (DomainException ex)
        {
            return new Outcome(null, ex.Message);
        }
    }

    /// <summary>A request body as the server sees it: forward only, no length, arriving a few bytes at a time.</summary>
    private sealed class TrickleStream(byte[] data, int maxChunk, int seed) : Stream
    {
        private readonly Random rng = new(seed);
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException("a request body has no length");

        public override long Position
        {
            get => throw new NotSupportedException("a request body has no position");
            set => throw new NotSupportedException("a request body cannot seek");
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, rng.Next(1, maxChunk + 1)), data.Length - position);
            data.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a request body cannot seek");

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }
    }
}
