using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Training;

/// <summary>
/// Body of <c>POST /api/v1/models/{name}/retrain</c>: the dataset version (null: the newest), the number of
/// configurations to try (1–200), the seed, and optionally the trainer family and search method.
/// </summary>
public sealed record RetrainInput(int? DatasetVersion, int? Trials, int? Seed, string? Trainer = null, string? Method = null);

/// <summary>Body of <c>PUT /api/v1/models/{name}/retrain-schedule</c>; the dataset version null means the newest when it fires.</summary>
public sealed record RetrainScheduleInput(string? Cron, int? DatasetVersion, int? Trials, int? Seed, string? Trainer = null, string? Method = null);

/// <summary>A model's schedule as the API returns it.</summary>
public sealed record RetrainScheduleView(string Model, string Cron, int? DatasetVersion, int Trials, int Seed, string? Trainer, string Method, string SetBy, DateTime SetAt)
{
    public static RetrainScheduleView From(RetrainSchedule s) =>
        new(s.ModelName, s.Cron, s.DatasetVersion, s.Trials, s.Seed, s.TrainerFamily, s.Method.ToString(), s.SetBy, s.SetAt);
}

/// <summary>Trial k of N and the best objective value so far.</summary>
public sealed record TrainingProgressView(int Trial, int Of, double Percent, string? Objective, double? BestScore);

/// <summary>One run as <c>GET /api/v1/jobs/{id}</c> returns it; <c>jobId</c> is the run's id, <c>state</c> lowercase.</summary>
public sealed record TrainingRunView(
    Guid JobId,
    string Model,
    string State,
    string Trigger,
    int DatasetVersion,
    string? Trainer,
    string Method,
    int Trials,
    int Seed,
    TrainingProgressView Progress,
    string? Version,
    string? Error,
    bool CancelRequested,
    int Attempts,
    string? HangfireJobId,
    string RequestedBy,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    IReadOnlyList<TrialRecord> TrialResults)
{
    public bool IsActive => State is "enqueued" or "processing";

    public static string StateName(TrainingRunState state) => state.ToString().ToLowerInvariant();

    public static TrainingRunView From(TrainingRun r, bool withTrials = true) => new(
        r.Id,
        r.ModelName,
        StateName(r.State),
        r.Trigger,
        r.DatasetVersion,
        r.TrainerFamily,
        r.Method.ToString(),
        r.Trials,
        r.Seed,
        new TrainingProgressView(
            r.TrialsCompleted,
            r.TotalTrials,
            r.TotalTrials == 0 ? 0 : Math.Round(100.0 * r.TrialsCompleted / r.TotalTrials, 1),
            r.Objective,
            r.BestScore),
        r.ResultVersion,
        r.Error,
        r.CancelRequested,
        r.Attempts,
        r.HangfireJobId,
        r.RequestedBy,
        r.CreatedAt,
        r.StartedAt,
        r.FinishedAt,
        withTrials ? r.TrialResults : []);
}

/// <summary>What a started run needs to train: the model's schema and task, the dataset and the search, and who it acts as.</summary>
public sealed record TrainingStart(
    Guid RunId,
    string ModelName,
    ModelTask Task,
    IReadOnlyList<FeatureDefinition> Features,
    MetricGate? MetricGate,
    int DatasetVersion,
    TrainerFamily Family,
    SearchMethod Method,
    int Trials,
    int Seed,
    int Attempt,
    Common.Actor Launcher);

/// <summary>A finished search as the registry records it on the new version.</summary>
public sealed record TrainedVersion(
    Dictionary<string, double> Metrics,
    Dictionary<string, System.Text.Json.JsonElement> Hyperparameters,
    string Notes);
