using System.Diagnostics;
using System.Globalization;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Serving;

// Hot-path costs of serving that run on every prediction: routing a key and finding a loaded model.
// Not a test (timings vary with the machine); run: dotnet run -c Release --project bench/Serving.Bench [iterations]
// The prediction log writer alone: dotnet run -c Release --project bench/Serving.Bench -- predlog [records]
if (args is ["predlog", ..])
{
    await ModelLifecycle.Serving.Bench.PredictionLogBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000, [100, 1_000, 5_000]);
    return;
}

var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
var keys = Enumerable.Range(0, 4096).Select(i => $"customer-{i:D8}").ToArray();

var allocation = TrafficAllocation.Canary("1.0.0", "1.1.0", TrafficPercent.FromTenths(100)).Move("2.0.0-rc.1", TrafficPercent.FromTenths(50), "1.0.0");
var router = new TrafficRouter(allocation, "1.0.0", new Random(1));
var cache = new ModelCache<object>((_, _) => ValueTask.FromResult(new LoadedModel<object>(new object(), 1)), new ModelCacheOptions(), TimeProvider.System);
await cache.PreloadAsync(["1.0.0", "1.1.0", "2.0.0-rc.1"]);

Measure("baseline (empty body)", iterations, i => i & 1);
Measure("hash only", iterations, i => RoutingHash.Slot(keys[i & 4095]));
Measure("route by key", iterations, i => router.Route(keys[i & 4095]).Length);
Measure("route without key", iterations, _ => router.Route(null).Length);
Measure("cache hit (TryGet)", iterations, i => cache.TryGet(i % 2 == 0 ? "1.0.0" : "1.1.0", out var model) ? 1 : 0);
Measure("cache hit (GetAsync)", iterations, i => cache.GetAsync(i % 2 == 0 ? "1.0.0" : "1.1.0").Result.GetHashCode() & 1);

static void Measure(string name, int iterations, Func<int, int> body)
{
    for (var i = 0; i < 100_000; i++)
    {
        body(i); // warm up tiering and PGO
    }

    var sink = 0;
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        sink += body(i);
    }

    watch.Stop();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    Console.WriteLine(FormattableString.Invariant(
        $"{name,-22} {watch.Elapsed.TotalNanoseconds / iterations,8:0.0} ns/op  {(double)allocated / iterations,6:0.00} B/op  (sink {sink})"));
}
