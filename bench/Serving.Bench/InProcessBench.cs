using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;
using ModelLifecycle.Portal.Serving;

namespace ModelLifecycle.Serving.Bench;

/// <summary>
/// Issue 8, benchmark 9a: one prediction in process, as <c>PredictionService</c> serves it after the request is parsed:
/// route the key (90/10 canary), find the scorer in the model cache, score, build the log record (inputs as raw JSON
/// text, a version-7 id) and enqueue it to the real <see cref="PredictionLogWriter"/>, which writes to a SQLite file
/// (WAL) on its own thread meanwhile. One thread, time and bytes allocated on that thread per prediction. Run for a
/// FastTree binary model with 30 numeric features (trained here through RetrainingRun) and for an ONNX tree ensemble
/// of the same shape (made by make_tree_onnx.py).
/// </summary>
internal static class InProcessBench
{
    private const int Features = 30;

    public static async Task RunAsync(string onnxPath, int iterations)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Console.WriteLine($"in-process serving: {iterations:N0} predictions per scorer, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        var schema = Enumerable.Range(0, Features).Select(f => new FeatureDefinition($"f{f:D2}", FeatureType.Numeric)).ToArray();

        // A FastTree binary model trained by the portal's own path (one trial, fixed hyperparameters: 100 trees of
        // 20 leaves, ML.NET's FastTree defaults) on 20,000 generated rows.
        var watch = Stopwatch.StartNew();
        var data = Generate(20_000, seed: 8);
        var fixedSpace = new SearchSpace(
            TrainerFamily.FastTree,
            [
                new IntRange("numberOfTrees", 100, 100),
                new IntRange("numberOfLeaves", 20, 20),
                new FloatRange("learningRate", 0.2, 0.2),
                new IntRange("minimumExampleCountPerLeaf", 10, 10),
            ],
            new SearchBudget("numberOfTrees", 100, 100));
        var trained = await new RetrainingRun(TimeProvider.System).RunAsync(new RetrainingRequest
        {
            Data = data,
            Features = schema,
            Task = ModelTask.BinaryClassification,
            Family = TrainerFamily.FastTree,
            Trials = 1,
            Seed = 1,
            Space = fixedSpace,
        });
        Console.WriteLine($"trained FastTree ({trained.BestHyperparameters}) in {watch.Elapsed.TotalSeconds:F1} s, auc {trained.Metrics["auc"]:F4}, artifact {trained.Artifact.Length / 1024.0:F0} KiB");

        var mlnetScorer = MlNetScorer.Load(new MemoryStream(trained.Artifact), "1.0.0", ModelTask.BinaryClassification, schema);
        using var onnx = OnnxScorer.Load(
            await File.ReadAllBytesAsync(onnxPath),
            "1.0.0",
            ModelTask.BinaryClassification,
            schema,
            new Dictionary<string, JsonElement> { [OnnxConvention.OutputKey] = JsonSerializer.SerializeToElement("probabilities") });

        // 4,096 request bodies as the endpoint would have parsed them: the JSON element (its raw text is the logged
        // inputs) and the feature row the scorer reads.
        var requests = Generate(4_096, seed: 9);
        var positions = PredictionInput.Positions(schema);
        var bodies = new JsonElement[4_096];
        var rows = new FeatureRow[4_096];
        var keys = new string[4_096];
        for (var i = 0; i < rows.Length; i++)
        {
            var json = new StringBuilder("{");
            for (var f = 0; f < Features; f++)
            {
                json.Append(CultureInfo.InvariantCulture, $"{(f == 0 ? "" : ",")}\"f{f:D2}\":{requests.Numeric[$"f{f:D2}"][i]:R}");
            }

            bodies[i] = JsonDocument.Parse(json.Append('}').ToString()).RootElement;
            rows[i] = PredictionInput.Parse(bodies[i], schema, positions, "features");
            keys[i] = $"customer-{i * 7919 % 100_000:D8}";
        }

        await MeasureAsync("ML.NET FastTree", mlnetScorer, rows, bodies, keys, iterations);
        await MeasureAsync("ONNX tree ensemble", onnx, rows, bodies, keys, iterations);

        // The parts on their own (no log), for the breakdown.
        Part("parse JSON body to FeatureRow", iterations, i => PredictionInput.Parse(bodies[i & 4095], schema, positions, "features").Numbers.Length);
        Part("score only, ML.NET", iterations, i => mlnetScorer.Score(rows[i & 4095]).Prediction > 0 ? 1 : 0);
        Part("score only, ONNX", iterations, i => onnx.Score(rows[i & 4095]).Prediction > 0 ? 1 : 0);
        Console.WriteLine($"ONNX sample probability {onnx.Score(rows[0]).Score:F4}, ML.NET sample probability {mlnetScorer.Score(rows[0]).Score:F4} (different models: see make_tree_onnx.py)");
    }

    private static async Task MeasureAsync(string name, IModelScorer scorer, FeatureRow[] rows, JsonElement[] bodies, string[] keys, int iterations)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ml-bench-serving-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "portal.db")}").Options;
            var contexts = new Contexts(options, new AuditKey(new byte[32]));
            await using (var db = contexts.CreateDbContext())
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            var warmup = 20_000;
            using var writer = new PredictionLogWriter(
                contexts,
                Options.Create(new PredictionLogOptions { LogQueueCapacity = iterations + warmup + 1 }),
                TimeProvider.System,
                NullLogger<PredictionLogWriter>.Instance);
            await writer.StartAsync(CancellationToken.None);

            var allocation = TrafficAllocation.Canary("1.0.0", "1.1.0", TrafficPercent.FromTenths(100));
            var router = new TrafficRouter(allocation, "1.0.0");
            var cache = new ModelCache<IModelScorer>((_, _) => ValueTask.FromResult(new LoadedModel<IModelScorer>(scorer, 1)), new ModelCacheOptions(), TimeProvider.System);
            await cache.PreloadAsync(["1.0.0", "1.1.0"]);
            var modelId = Guid.CreateVersion7();

            int Predict(int i)
            {
                var started = Stopwatch.GetTimestamp();
                var key = keys[i & 4095];
                var version = router.Route(key);
                if (!cache.TryGet(version, out var model) || model is null)
                {
                    throw new InvalidOperationException("cache miss");
                }

                var scored = model.Score(rows[i & 4095]);
                var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var now = TimeProvider.System.GetUtcNow();
                writer.TryEnqueue(new PredictionRecord
                {
                    Id = Guid.CreateVersion7(now),
                    ModelId = modelId,
                    ModelName = "bench",
                    Version = version,
                    Inputs = bodies[i & 4095].GetRawText(),
                    Prediction = scored.Prediction,
                    Score = scored.Score,
                    LatencyMs = latency,
                    RoutingKey = key,
                    At = now.UtcDateTime,
                    Succeeded = true,
                });
                return (int)scored.Prediction;
            }

            for (var i = 0; i < warmup; i++)
            {
                Predict(i);
            }

            var sink = 0;
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var gen0 = GC.CollectionCount(0);
            var threadCpuBefore = ThreadCpu();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                sink += Predict(i);
            }

            watch.Stop();
            var threadCpu = ThreadCpu() - threadCpuBefore;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            var collections = GC.CollectionCount(0) - gen0;
            var flushWatch = Stopwatch.StartNew();
            await writer.FlushAsync(CancellationToken.None);
            var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
            await writer.StopAsync(CancellationToken.None);
            long stored;
            await using (var db = contexts.CreateDbContext())
            {
                stored = await db.Predictions.LongCountAsync();
            }

            Console.WriteLine(FormattableString.Invariant(
                $"{name,-20} route+cache+score+enqueue: {watch.Elapsed.TotalMicroseconds / iterations,7:0.00} µs/prediction wall, {threadCpu.TotalMicroseconds / iterations:0.00} µs CPU of this thread  {(double)allocated / iterations,6:0} B/prediction  gen0 GCs {collections}  (sink {sink})"));
            Console.WriteLine(FormattableString.Invariant(
                $"{"",-20} log: flushed {flushWatch.Elapsed.TotalSeconds:0.00} s after the loop; process CPU {cpu.TotalMicroseconds / iterations:0.0} µs/prediction incl. the writer; stored {stored:N0} of {iterations + warmup:N0}, dropped {writer.Dropped}, lost {writer.Lost}; load average {LoadAverage()}"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Part(string name, int iterations, Func<int, int> body)
    {
        for (var i = 0; i < 20_000; i++)
        {
            body(i);
        }

        var sink = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = ThreadCpu();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            sink += body(i);
        }

        watch.Stop();
        var cpu = ThreadCpu() - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Console.WriteLine(FormattableString.Invariant(
            $"  {name,-32} {watch.Elapsed.TotalMicroseconds / iterations,7:0.00} µs/op wall, {cpu.TotalMicroseconds / iterations:0.00} µs CPU  {(double)allocated / iterations,6:0} B/op  (sink {sink})"));
    }

    /// <summary>30 numeric features ~ N(0, 1); the label from a logistic model with an interaction and a threshold.</summary>
    private static TabularDataset Generate(int count, int seed)
    {
        var random = new Random(seed);
        var columns = Enumerable.Range(0, Features).Select(_ => new float[count]).ToArray();
        var label = new float[count];
        for (var r = 0; r < count; r++)
        {
            for (var f = 0; f < Features; f++)
            {
                columns[f][r] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            var z = -1.5 + (0.8 * columns[0][r]) - (0.6 * columns[1][r]) + (0.5 * columns[2][r] * columns[3][r]) + (columns[4][r] > 1 ? 1.2 : 0) + (0.3 * columns[5][r]);
            label[r] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
        }

        return new TabularDataset(
            "bench",
            Enumerable.Range(0, Features).ToDictionary(f => $"f{f:D2}", f => columns[f]),
            new Dictionary<string, string[]>(),
            label);
    }

    /// <summary>CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID): the prediction's own cost, without the time
    /// spent waiting for a core on a shared machine.</summary>
    private static TimeSpan ThreadCpu() =>
        OperatingSystem.IsLinux() && ClockGetTime(3, out var t) == 0 ? TimeSpan.FromTicks((t.Seconds * TimeSpan.TicksPerSecond) + (t.Nanoseconds / 100)) : TimeSpan.Zero;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private sealed class Contexts(DbContextOptions<SqlitePortalDbContext> options, AuditKey key) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options, key);
    }
}
