using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;
using ModelLifecycle.Training.Bench;

// Training benchmark: one retraining (FastTree, binary) with a seeded random search, timed end to end, and the time
// spent reporting progress (each report serialised to JSON and appended to a file, as a job storing its state would).
// Usage: dotnet run -c Release --project bench/Training.Bench [rows] [features] [trials] [threads|auto] [method] [progress]
//   progress: file (default: JSON lines appended to a file), db (TrainingRunTracker.RecordTrialAsync on a SQLite file,
//   what the Hangfire job does after every trial), none (no callback).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var features = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
var trials = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
// "auto" (the default) leaves the thread count to the retraining, as the job does: every core for FastTree on large data.
int? threads = args.Length > 3 && args[3] != "auto" ? int.Parse(args[3], CultureInfo.InvariantCulture) : null;
var method = args.Length > 4 ? Enum.Parse<SearchMethod>(args[4], ignoreCase: true) : SearchMethod.Random;
var progressMode = args.Length > 5 ? args[5] : "file";
Console.WriteLine($"rows={rows} features={features} trials={trials} threads={threads?.ToString(CultureInfo.InvariantCulture) ?? $"auto ({TrainerEstimators.DefaultThreads(TrainerFamily.FastTree, rows * 4 / 5)})"} method={method} progress={progressMode} cores={Environment.ProcessorCount} .NET={Environment.Version}");

var clock = Stopwatch.StartNew();
var data = SyntheticTransactions.Create(rows, features, seed: 2026);
Console.WriteLine($"generate: {clock.Elapsed.TotalSeconds:F2} s (not part of the retraining time); positives {data.Label.Average():P1}");

var progressFile = Path.Combine(Path.GetTempPath(), $"training-bench-{Environment.ProcessId}.jsonl");
var reporting = TimeSpan.Zero;
var request = new RetrainingRequest
{
    Data = data,
    Features = data.Features,
    Task = ModelTask.BinaryClassification,
    Family = TrainerFamily.FastTree,
    Method = method,
    Trials = trials,
    Seed = 7,
    Threads = threads,
};

await using var progressDb = progressMode == "db" ? await ProgressDatabase.CreateAsync(ModelTask.BinaryClassification) : null;

clock.Restart();
var loadAtStart = LoadAverage();
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var result = await new RetrainingRun(TimeProvider.System).RunAsync(request, progressMode == "none" ? null : async (p, ct) =>
{
    var started = Stopwatch.GetTimestamp();
    if (progressDb is not null)
    {
        await progressDb.RecordAsync(p, ct);
        reporting += Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"  trial {p.Trial,2}/{p.TotalTrials} {p.Result.Duration.TotalSeconds,6:F2} s  auc {p.Result.Score:F4}  best {p.Best.Score:F4}  {p.Result.Hyperparameters}");
        return;
    }

    var line = JsonSerializer.Serialize(new
    {
        p.Trial,
        p.TotalTrials,
        hyperparameters = p.Result.Hyperparameters.ToStrings(),
        p.Result.Metrics,
        best = p.Best.Score,
    });
    await File.AppendAllTextAsync(progressFile, line + "\n", ct);
    reporting += Stopwatch.GetElapsedTime(started);
    Console.WriteLine($"  trial {p.Trial,2}/{p.TotalTrials} {p.Result.Duration.TotalSeconds,6:F2} s  auc {p.Result.Score:F4}  best {p.Best.Score:F4}  {p.Result.Hyperparameters}");
});
var total = clock.Elapsed;
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
File.Delete(progressFile);
if (progressDb is not null)
{
    Console.WriteLine($"stored trials in the database: {await progressDb.StoredTrialsAsync()}");
}

Console.WriteLine($"train rows {result.TrainRows}, validation rows {result.ValidationRows}; best trial {result.Best.Number}: auc {result.Metrics["auc"]:F4}, f1 {result.Metrics["f1"]:F4}");
Console.WriteLine($"artifact {result.Artifact.Length / 1024.0:F0} KiB");
Console.WriteLine($"BENCH_RETRAIN_SECONDS={total.TotalSeconds:F2}");
// CPU time of this process over the run: on a shared machine the wall time also counts waiting for a core.
Console.WriteLine($"BENCH_RETRAIN_CPU_SECONDS={cpu.TotalSeconds:F2} (load average at start {loadAtStart}, at end {LoadAverage()})");
Console.WriteLine($"BENCH_PROGRESS_SECONDS={reporting.TotalSeconds:F4} ({reporting / total:P3} of the run, {reporting.TotalMilliseconds / result.Trials.Count:F2} ms per report)");

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
