using System.Diagnostics;
using System.Globalization;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Serving;

// Hot-path costs of serving that run on every prediction: routing a key and finding a loaded model.
// Not a test (timings vary with the machine); run: dotnet run -c Release --project bench/Serving.Bench [iterations]
// The prediction log writer alone: dotnet run -c Release --project bench/Serving.Bench -- predlog [records]
// The in-process prediction (issue 8, 9a): dotnet run -c Release --project bench/Serving.Bench -- inprocess <trees.onnx> [predictions]
if (args is ["inprocess", var onnxPath, ..])
{
    await ModelLifecycle.Serving.Bench.InProcessBench.RunAsync(onnxPath, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000);
    return 0;
}

// HTTP on loopback against a running portal (issue 8, 9b; bench/run-serving-http.sh starts one):
//   -- http <baseUrl> <model> <apiKey> <concurrency> [seconds] [warm-up seconds]
if (args is ["http", var url, var model, var key, var concurrency, ..])
{
    return await ModelLifecycle.Serving.Bench.HttpBench.RunAsync(
        url, model, key, int.Parse(concurrency, CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 20),
        TimeSpan.FromSeconds(args.Length > 6 ? double.Parse(args[6], CultureInfo.InvariantCulture) : 3));
}

// Traffic for people trying the portal (bench/send-traffic.sh):
//   -- traffic <baseUrl> <model> <apiKey> <rate per s> <count> [feedback share 0-1] [features JSON template]
if (args is ["traffic", var tUrl, var tModel, var tKey, var rate, var count, ..])
{
    return await ModelLifecycle.Serving.Bench.HttpBench.TrafficAsync(
        tUrl, tModel, tKey, double.Parse(rate, CultureInfo.InvariantCulture), int.Parse(count, CultureInfo.InvariantCulture),
        args.Length > 6 ? double.Parse(args[6], CultureInfo.InvariantCulture) : 0,
        args.Length > 7 && args[7].Length > 0 ? args[7] : null,
        Environment.TickCount);
}

// Labelled traffic from a CSV's rows (bench/send-traffic.sh -c; features to predict, the row's label as feedback):
//   -- labelled <baseUrl> <model> <apiKey> <rate per s> <count> --csv <file> [--label label] [--feedback 1]
//      [--drift "income*0.6,debt_ratio+0.12"] [--seed n] [--write rows-as-sent.csv]
if (args is ["labelled", var lUrl, var lModel, var lKey, var lRate, var lCount, .. var rest])
{
    var named = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < rest.Length; i += 2)
    {
        named[rest[i].TrimStart('-')] = rest[i + 1];
    }

    if (!named.TryGetValue("csv", out var csvPath))
    {
        Console.Error.WriteLine("labelled: --csv <file> is required");
        return 2;
    }

    return await ModelLifecycle.Serving.Bench.LabelledTraffic.RunAsync(new ModelLifecycle.Serving.Bench.LabelledTrafficOptions(
        lUrl, lModel, lKey, double.Parse(lRate, CultureInfo.InvariantCulture), int.Parse(lCount, CultureInfo.InvariantCulture), csvPath,
        named.GetValueOrDefault("label", "label"),
        named.TryGetValue("feedback", out var share) ? double.Parse(share, CultureInfo.InvariantCulture) : 1,
        named.GetValueOrDefault("drift"),
        named.TryGetValue("seed", out var seed) ? int.Parse(seed, CultureInfo.InvariantCulture) : Environment.TickCount,
        named.GetValueOrDefault("write") is { Length: > 0 } write ? write : null));
}

if (args is ["predlog", ..])
{
    await ModelLifecycle.Serving.Bench.PredictionLogBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000, [100, 1_000, 5_000]);
    return 0;
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

return 0;

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
