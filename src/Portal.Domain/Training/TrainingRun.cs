namespace ModelLifecycle.Domain.Training;

/// <summary>Where a retraining run is. Stored by name.</summary>
public enum TrainingRunState
{
    Enqueued,
    Processing,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>The process stopped while the run was processing; found at the next start.</summary>
    Interrupted,
}

/// <summary>
/// One retraining run: what was asked, its live progress (the portal reads it from here, so any instance can show
/// it) and its outcome. The Hangfire job id links it to the dashboard.
/// </summary>
public sealed class TrainingRun
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    public string? HangfireJobId { get; set; }

    public TrainingRunState State { get; set; } = TrainingRunState.Enqueued;

    public int DatasetVersion { get; set; }

    /// <summary>Trainer family name (e.g. FastTree, LightGbm, LogisticRegression); null lets the search pick per task.</summary>
    public string? TrainerFamily { get; set; }

    public SearchMethod Method { get; set; }

    public int Trials { get; set; }

    /// <summary>Trainings the search will run: <see cref="Trials"/> for random search, more for successive halving.</summary>
    public int TotalTrials { get; set; }

    public int Seed { get; set; }

    /// <summary>manual, schedule, drift, performance, demo.</summary>
    public required string Trigger { get; set; }

    public int TrialsCompleted { get; set; }

    /// <summary>The objective's name (auc, rmse, …) and the best value so far.</summary>
    public string? Objective { get; set; }

    public double? BestScore { get; set; }

    /// <summary>Every finished trial with its hyperparameters and scores, in order.</summary>
    public List<TrialRecord> TrialResults { get; set; } = [];

    /// <summary>The registered version when the run succeeded.</summary>
    public string? ResultVersion { get; set; }

    public string? Error { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>How many times the run was started (re-queued after an interruption counts again).</summary>
    public int Attempts { get; set; }

    public required string RequestedBy { get; set; }

    /// <summary>The launching person's user id: the run registers and requests promotion as them (four eyes holds).</summary>
    public string RequestedById { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public bool IsFinished => State is TrainingRunState.Succeeded or TrainingRunState.Failed or TrainingRunState.Cancelled;
}

/// <summary>
/// One finished trial: its trainer, hyperparameters (JSON numbers or strings, as a version stores them), validation
/// metrics (an undefined one, e.g. AUC with one class, is left out), the objective's score (null when undefined), the
/// successive-halving rung and training rows, and how long it took.
/// </summary>
public sealed record TrialRecord(
    int Number,
    string Trainer,
    Dictionary<string, System.Text.Json.JsonElement> Hyperparameters,
    Dictionary<string, double> Metrics,
    double? Score,
    double Seconds,
    int Rung = 0,
    int TrainRows = 0);
