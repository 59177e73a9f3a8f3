namespace ModelLifecycle.Jobs.Training;

/// <summary>Reported after each trial: trial k of N, that trial, and the best so far (the model the run would keep).</summary>
public sealed record TrialProgress(int Trial, int TotalTrials, TrialResult Result, TrialResult Best)
{
    public double Fraction => (double)Trial / TotalTrials;
}
