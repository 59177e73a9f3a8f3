// Streams a prediction log of N rows x F numeric features out of a real SQLite file through the scan's path
// (keyset pages -> LogChunk JSON parsing -> CurrentWindow on ReferenceProfile sketches) and reports time and peak memory.
// Usage: dotnet run -c Release --project bench/Monitoring.Bench -- [rows=5000000] [features=20] [chunk=10000]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000_000;
var featureCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var chunkSize = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
const int referenceRows = 100_000;
var directory = Path.Combine(Path.GetTempPath(), $"ml-monbench-{Guid.NewGuid():N}");
Directory.CreateDirectory(directory);
var path = Path.Combine(directory, "portal.db");
var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path}").Options;
var key = new ModelLifecycle.Domain.Audit.AuditKey(new byte[32]);
var modelId = Guid.NewGuid();
var schema = Enumerable.Range(0, featureCount).Select(i => new FeatureDefinition($"f{i}", FeatureType.Numeric)).ToList();
var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
var currentFrom = start.AddDays(2);
try
{
    await using (var db = new SqlitePortalDbContext(options, key))
    {
        await db.Database.MigrateAsync();
    }

    var seed = Stopwatch.StartNew();
    Seed(path, modelId, referenceRows, start, featureCount, 0);
    Seed(path, modelId, rows, currentFrom, featureCount, 0.5);
    Console.WriteLine($"seeded {rows:N0} current + {referenceRows:N0} reference predictions x {featureCount} features in {seed.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1048576.0:F0} MiB)");

    GC.Collect();
    var baseline = Environment.WorkingSet;
    var thresholds = DriftThresholds.Default;
    var total = Stopwatch.StartNew();
    await using var read = new SqlitePortalDbContext(options, key);
    var chunk = new LogChunk(schema, chunkSize);
    var columns = schema.Select(_ => new List<double>()).ToArray();
    await foreach (var page in PredictionLogPages.ReadAsync(read, modelId, "1.0.0", start, currentFrom, chunk, long.MaxValue, CancellationToken.None))
    {
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i].AddRange(page.Numeric[i].AsSpan(0, page.Count));
        }
    }

    var profile = ReferenceProfile.From("log", new DriftWindow { Numeric = schema.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => columns[x.i].ToArray()) }, schema, thresholds);
    columns = null;
    var referenceSeconds = total.Elapsed.TotalSeconds;
    var current = new CurrentWindow(profile, ModelTask.BinaryClassification, thresholds);
    var peak = 0L;
    var pages = 0;
    await foreach (var page in PredictionLogPages.ReadAsync(read, modelId, "1.0.0", currentFrom, DateTime.MaxValue, chunk, long.MaxValue, CancellationToken.None))
    {
        current.Add(page);
        if (++pages % 50 == 0)
        {
            peak = Math.Max(peak, Environment.WorkingSet);
        }
    }

    var report = current.Report();
    total.Stop();
    using var self = Process.GetCurrentProcess();
    Console.WriteLine($"reference sketch: {referenceSeconds:F2} s; scan of {current.Rows:N0} rows in {pages} pages: {total.Elapsed.TotalSeconds - referenceSeconds:F2} s; total {total.Elapsed.TotalSeconds:F2} s");
    Console.WriteLine($"working set before scan {baseline / 1048576.0:F0} MiB, sampled peak during scan {peak / 1048576.0:F0} MiB, process peak {self.PeakWorkingSet64 / 1048576.0:F0} MiB");
    Console.WriteLine($"drifted features: {report.DriftedFeatures} of {report.EvaluatedFeatures}");
    Console.WriteLine(FormattableString.Invariant($"BENCH_SCAN_SECONDS={total.Elapsed.TotalSeconds - referenceSeconds:F3} BENCH_PEAK_MIB={self.PeakWorkingSet64 / 1048576.0:F0}"));
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
}

static void Seed(string path, Guid modelId, int count, DateTime from, int features, double shift)
{
    using var connection = new SqliteConnection($"Data Source={path}");
    connection.Open();
    using (var pragma = connection.CreateCommand())
    {
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
        pragma.ExecuteNonQuery();
    }

    var random = new Random(count);
    var json = new StringBuilder();
    const int batch = 50_000;
    for (var done = 0; done < count; done += batch)
    {
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Predictions (Id, ModelId, ModelName, Version, Shadow, Inputs, Prediction, Score, LatencyMs, At, Succeeded) VALUES ($id, $m, 'bench', '1.0.0', 0, $in, 1, $s, 1, $at, 1)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$m", modelId.ToString().ToUpperInvariant());
        var inputs = insert.Parameters.Add("$in", SqliteType.Text);
        var score = insert.Parameters.Add("$s", SqliteType.Real);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        for (var i = done; i < Math.Min(count, done + batch); i++)
        {
            json.Clear().Append('{');
            for (var f = 0; f < features; f++)
            {
                var u = 1 - random.NextDouble();
                var z = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
                json.Append(CultureInfo.InvariantCulture, $"\"f{f}\":{Math.Round(z + (f % 4 == 0 ? shift : 0), 5).ToString("R", CultureInfo.InvariantCulture)}").Append(f + 1 < features ? "," : "");
            }

            id.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
            inputs.Value = json.Append('}').ToString();
            score.Value = random.NextDouble();
            at.Value = from.AddMilliseconds(i * 10).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }

        tx.Commit();
    }
}
