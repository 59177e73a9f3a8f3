using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Drift.Statistics;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Tests.Unit.Integration;

namespace ModelLifecycle.Tests.Unit.Drift;

/// <summary>
/// The upload path keeps only the parsed columns: blocks that never exceed a column's values plus one block, each
/// column moved once into a sort buffer (no exact-array copy of the windows, no second sort for the charts), and the
/// same report, bit for bit, as the analyzer over exact arrays.
/// </summary>
[Collection(nameof(AllocationMeasurement))]
public sealed class UploadMemoryTests
{
    private static readonly JsonSerializerOptions Exact = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(DoubleColumn.InitialCapacity - 1)]
    [InlineData(DoubleColumn.InitialCapacity)]
    [InlineData(DoubleColumn.InitialCapacity + 1)]
    [InlineData((5 * DoubleColumn.InitialCapacity) + 17)]
    [InlineData((1 << 20) + 3)]
    public void A_column_keeps_every_value_as_it_grows_and_its_capacity_at_most_doubles_its_count(int count)
    {
        var column = new DoubleColumn();
        for (var i = 0; i < count; i++)
        {
            column.Add(i * 0.25);
            Assert.InRange(column.Capacity, column.Count, Math.Max(DoubleColumn.InitialCapacity, 2 * column.Count));
        }

        Assert.Equal(count, column.Count);
        var values = column.ToArray();
        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 0.25), values);
        Assert.Equal(0, column.Capacity); // ToArray freed the column
    }

    [Fact]
    public void Compacting_a_column_keeps_the_finite_values_in_order_in_its_own_memory_and_dispose_frees_it()
    {
        var column = new DoubleColumn();
        var values = Enumerable.Range(0, (2 * DoubleColumn.InitialCapacity) + 5)
            .Select(i => i % 7 == 0 ? double.NaN : i % 11 == 0 ? double.PositiveInfinity : i % 13 == 0 ? double.NegativeInfinity : i * 0.5)
            .ToArray();
        foreach (var v in values)
        {
            column.Add(v);
        }

        var finite = column.CompactFinite();

        Assert.Equal(values.Where(double.IsFinite), finite.ToArray());
        Assert.Equal(finite.Length, column.Count);
        column.Dispose();
        Assert.Equal(0, column.Count);
        Assert.Equal(0, column.Capacity);
        column.Dispose(); // a second dispose (the window's, after the analysis freed the column) is harmless
    }

    [Theory]
    [InlineData(100)]
    [InlineData(RadixSort.MinimumLength + 3)]
    [InlineData(50_000)]
    public void In_place_radix_sort_with_one_scratch_orders_as_a_comparison_sort(int n)
    {
        var rng = new Random(n);
        var values = Enumerable.Range(0, n).Select(i => i % 97 == 0 ? -0.0 : i % 89 == 0 ? 0.0 : Math.Round((rng.NextDouble() - 0.5) * 1e6, i % 5)).ToArray();
        var expected = values.ToArray();
        Array.Sort(expected);

        RadixSort.Sort(values, new ulong[n]);

        // Equal as numbers and as bits, except that -0.0 and +0.0 (equal numbers) may sit in either order among themselves.
        Assert.Equal(expected, values);
        Assert.Equal(expected.Select(Bits), values.Select(Bits));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(20_000)]
    public void Upload_analysis_gives_the_analyzer_report_bit_for_bit(int rows)
    {
        var schema = Schema(4, categorical: true);
        var reference = Csv(rows, 4, shift: 0.0, seed: 1, categorical: true, scores: true);
        var current = Csv(rows + 37, 4, shift: 0.2, seed: 2, categorical: true, scores: true);
        var thresholds = DriftThresholds.Default;

        var exactReference = DriftCsv.Read(new MemoryStream(reference), schema, "reference");
        var exactCurrent = DriftCsv.Read(new MemoryStream(current), schema, "current");
        var expected = DriftAnalyzer.Analyze(exactReference, exactCurrent, thresholds);
        var expectedCharts = schema
            .Select(f => f.Type == FeatureType.Numeric
                ? FeatureDistribution.Numeric(f.Name, exactReference.Numeric[f.Name], exactCurrent.Numeric[f.Name])
                : FeatureDistribution.Categorical(f.Name, exactReference.Categorical[f.Name], exactCurrent.Categorical[f.Name]))
            .OfType<FeatureDistribution>()
            .ToList();

        using var parsedReference = DriftCsv.ReadColumns(new MemoryStream(reference), schema, "reference");
        using var parsedCurrent = DriftCsv.ReadColumns(new MemoryStream(current), schema, "current");
        var (result, charts) = UploadAnalysis.Run(schema, parsedReference, parsedCurrent, thresholds, CancellationToken.None);

        Assert.NotNull(result.Concept);
        Assert.Equal(JsonSerializer.Serialize(expected, Exact), JsonSerializer.Serialize(result, Exact));
        Assert.Equal(JsonSerializer.Serialize(expectedCharts, Exact), JsonSerializer.Serialize(charts, Exact));
    }

    /// <summary>
    /// Managed allocations of parsing and analysing two windows: small change. The columns and the sort scratch live
    /// outside the GC (freed the moment a feature is analysed, not left as garbage for a later collection); before,
    /// the columns alone (pooled blocks, exact-array copies, sort buffers) were allocated on the GC heap.
    /// </summary>
    [Fact]
    public void Parsing_and_analysing_two_windows_allocates_no_managed_memory_for_the_columns()
    {
        const int rows = 1 << 17;
        const int features = 10;
        var schema = Schema(features, categorical: false);
        var reference = Csv(rows, features, shift: 0.0, seed: 3, categorical: false, scores: false);
        var current = Csv(rows, features, shift: 0.1, seed: 4, categorical: false, scores: false);
        Run(); // JIT and the pools' first buffers are not what is measured

        var before = GC.GetTotalAllocatedBytes(precise: true);
        Run();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        long columnBytes = 2L * rows * features * sizeof(double);
        Assert.InRange(allocated, 0, columnBytes / 10);

        void Run()
        {
            using var a = DriftCsv.ReadColumns(new MemoryStream(reference), schema, "reference");
            using var b = DriftCsv.ReadColumns(new MemoryStream(current), schema, "current");
            var (result, _) = UploadAnalysis.Run(schema, a, b, DriftThresholds.Default, CancellationToken.None);
            Assert.Equal(features, result.Features.Count);
        }
    }

    private static ulong Bits(double v) => v == 0 ? 0 : BitConverter.DoubleToUInt64Bits(v);

    private static FeatureDefinition[] Schema(int numeric, bool categorical) =>
        [.. Enumerable.Range(0, numeric).Select(i => new FeatureDefinition($"f{i}", FeatureType.Numeric)),
            .. categorical ? [new FeatureDefinition("plan", FeatureType.Categorical)] : Array.Empty<FeatureDefinition>()];

    /// <summary>A seeded window: normal values with a few missing (empty, NaN) and repeated ones, a category, a score.</summary>
    private static byte[] Csv(int rows, int numeric, double shift, int seed, bool categorical, bool scores)
    {
        var rng = new Random(seed);
        var text = new StringBuilder();
        text.AppendJoin(',', Enumerable.Range(0, numeric).Select(i => $"f{i}"));
        text.Append(categorical ? ",plan" : "").Append(scores ? ",score" : "").Append('\n');
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < numeric; i++)
            {
                var u = rng.NextDouble();
                var cell = u < 0.01 ? "" : u < 0.02 ? "NaN" : u < 0.05 ? "1.5" : Normal(rng, i % 3 == 0 ? shift : 0).ToString("F5", CultureInfo.InvariantCulture);
                text.Append(i == 0 ? "" : ",").Append(cell);
            }

            if (categorical)
            {
                text.Append(',').Append(rng.NextDouble() < 0.3 + shift ? "pro" : rng.NextDouble() < 0.05 ? "" : "basic");
            }

            if (scores)
            {
                text.Append(',').Append(Math.Clamp(0.5 + (Normal(rng, shift) / 4), 0, 1).ToString("F4", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static double Normal(Random rng, double mean) =>
        mean + (Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
}
