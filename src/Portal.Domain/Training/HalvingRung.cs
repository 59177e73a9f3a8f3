namespace ModelLifecycle.Domain.Training;

/// <summary>One rung of successive halving: how many configurations it trains and at which budget.</summary>
public sealed record HalvingRung(int Index, int Configurations, double Budget);
