using System.Diagnostics;
using System.Globalization;
using ModelLifecycle.Domain.Drift.Statistics;
using ModelLifecycle.Drift.Bench;

// Drift benchmark: KS + PSI for F numeric features x N reference rows x N current rows, Parallel.For over features.
// Usage: dotnet run -c Release --project bench/Drift.Bench [features] [rows]
//        dotnet run -c Release --project bench/Drift.Bench -- parse file.csv [runs]   (CSV readers compared, see ParseBench)
if (args is ["parse", .. var parseArgs])
{
    await ParseBench.RunAsync(parseArgs);
    return;
}

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var features = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
const int chunkSize = 65_536;
var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

Console.WriteLine($"features={features} rows={rows} (reference and current) cores={Environment.ProcessorCount} .NET={Environment.Version}");

var clock = Stopwatch.StartNew();
var reference = new double[features][];
var current = new double[features][];
Parallel.For(0, features, parallel, f =>
{
    var (shift, scale) = SyntheticData.Drift(f);
    reference[f] = SyntheticData.Normal(rows, 0, 1, 1000 + f);
    current[f] = SyntheticData.Normal(rows, shift, scale, 5000 + f);
});
var generateSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"generate: {generateSeconds:F2} s (not part of the analysis time)");

// Batch: copy both windows into per-thread buffers, radix sort, exact KS by merge, PSI by binary search.
var batch = new (KsResult Ks, double Psi)[features];
var buffers = new ThreadLocal<Buffers>(() => new Buffers(rows));
clock.Restart();
Parallel.For(0, features, parallel, f =>
{
    var b = buffers.Value!;
    reference[f].CopyTo(b.Reference, 0);
    current[f].CopyTo(b.Current, 0);
    RadixSort.Sort(b.Reference, b.Keys, b.Scratch);
    RadixSort.Sort(b.Current, b.Keys, b.Scratch);
    var ks = KolmogorovSmirnov.TwoSampleSorted(b.Reference, b.Current);
    var psi = PopulationStabilityIndex.NumericSorted(b.Reference, b.Current);
    batch[f] = (ks, psi.Value);
});
var batchSeconds = clock.Elapsed.TotalSeconds;

// Incremental: fixed reference sketch, current streamed in chunks; memory independent of the current window.
var streamed = new StreamingDriftResult[features];
var sketchSeconds = 0.0;
clock.Restart();
var sketches = new ReferenceSketch[features];
Parallel.For(0, features, parallel, f =>
{
    var b = buffers.Value!;
    reference[f].CopyTo(b.Reference, 0);
    RadixSort.Sort(b.Reference, b.Keys, b.Scratch);
    sketches[f] = ReferenceSketch.FromSorted(b.Reference);
});
sketchSeconds = clock.Elapsed.TotalSeconds;
clock.Restart();
Parallel.For(0, features, parallel, f =>
{
    var window = new StreamingWindow(sketches[f]);
    for (var start = 0; start < rows; start += chunkSize)
    {
        window.Add(current[f].AsSpan(start, Math.Min(chunkSize, rows - start)));
    }

    streamed[f] = window.Result();
});
var streamSeconds = clock.Elapsed.TotalSeconds;

var process = Process.GetCurrentProcess();
process.Refresh();
var gc = GC.GetGCMemoryInfo();
var worstKsGap = Enumerable.Range(0, features).Max(f => batch[f].Ks.Statistic - streamed[f].Ks.Statistic);
var worstBound = streamed.Max(s => s.KsErrorBound);
var worstPsiGap = Enumerable.Range(0, features).Max(f => Math.Abs(batch[f].Psi - streamed[f].Psi.Value));
var drifted = batch.Count(r => r.Ks.PValue < 0.05 && r.Psi >= 0.1);
var significant = batch.Count(r => r.Ks.PValue < 0.05);

Console.WriteLine($"batch KS+PSI: {batchSeconds:F2} s for {features} features ({significant} with KS p < 0.05, {drifted} also PSI >= 0.1)");
Console.WriteLine($"incremental: sketch {sketchSeconds:F2} s, stream {streamSeconds:F2} s in chunks of {chunkSize}");
Console.WriteLine($"incremental vs exact: max (D_exact - D_sketch) = {worstKsGap:E2} (documented bound {worstBound:E2}), max |PSI diff| = {worstPsiGap:E2}");
Console.WriteLine($"peak working set: {process.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB; GC heap at last GC: {gc.HeapSizeBytes / (1024.0 * 1024):F0} MiB; total allocated: {GC.GetTotalAllocatedBytes() / (1024.0 * 1024):F0} MiB");
for (var f = 0; f < Math.Min(features, 6); f++)
{
    Console.WriteLine($"  feature {f}: D={batch[f].Ks.Statistic:F6} p={batch[f].Ks.PValue:G4} PSI={batch[f].Psi:F5} (stream D={streamed[f].Ks.Statistic:F6})");
}

Console.WriteLine($"BENCH_BATCH_SECONDS={batchSeconds:F3}");
Console.WriteLine($"BENCH_PEAK_MIB={process.PeakWorkingSet64 / (1024.0 * 1024):F0}");

internal sealed class Buffers(int rows)
{
    public double[] Reference { get; } = new double[rows];

    public double[] Current { get; } = new double[rows];

    public ulong[] Keys { get; } = new ulong[rows];

    public ulong[] Scratch { get; } = new ulong[rows];
}
