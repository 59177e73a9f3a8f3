namespace ModelLifecycle.Domain.Training;

/// <summary>
/// A model's recurring retraining: a cron expression and what to launch. Stored here (not only in Hangfire) so
/// in-memory job storage can register it again at every start; the run is launched as the person who set it.
/// </summary>
public sealed class RetrainSchedule
{
    /// <summary>One schedule per model.</summary>
    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    /// <summary>Standard five-field cron (UTC), e.g. <c>0 3 * * 1</c>.</summary>
    public required string Cron { get; set; }

    /// <summary>Null: the model's newest dataset version when the schedule fires.</summary>
    public int? DatasetVersion { get; set; }

    public int Trials { get; set; }

    public int Seed { get; set; }

    public string? TrainerFamily { get; set; }

    public SearchMethod Method { get; set; }

    public required string SetBy { get; set; }

    public required string SetById { get; set; }

    public DateTime SetAt { get; set; }
}
