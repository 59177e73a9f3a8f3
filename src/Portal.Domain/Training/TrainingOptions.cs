namespace ModelLifecycle.Domain.Training;

/// <summary><c>Portal:Training</c>: what happens to a run a process stop interrupted.</summary>
public sealed class TrainingOptions
{
    public const string Requeue = "requeue";
    public const string Fail = "fail";

    /// <summary><c>requeue</c> (default): start it again from the first trial; <c>fail</c>: mark it failed.</summary>
    public string OnInterrupted { get; set; } = Requeue;

    /// <summary>At most this many trials per run (each is a full training).</summary>
    public const int MaximumTrials = 200;
}
