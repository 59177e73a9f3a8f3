namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// Drift injected into a window of <see cref="CardTransactions"/>: larger baskets (<see cref="AmountFactor"/>
/// multiplies <c>amount</c>), payments further from home (<see cref="DistanceFactor"/> multiplies
/// <c>distance_km</c>), a later day (<see cref="HourShift"/> hours added to <c>hour</c>, modulo 24) and a move to
/// online shopping (<see cref="OnlineShareIncrease"/> added to the online share of <c>channel</c>, taken from the
/// other channels in proportion). The defaults change nothing.
/// </summary>
public sealed record CardTransactionDrift(double AmountFactor = 1, double DistanceFactor = 1, double HourShift = 0, double OnlineShareIncrease = 0)
{
    public static CardTransactionDrift None { get; } = new();

    /// <summary>The demo's later window: holiday season, bigger and more online baskets, later in the day, further from home.</summary>
    public static CardTransactionDrift HolidaySeason { get; } = new(AmountFactor: 1.6, DistanceFactor: 2.5, HourShift: 2, OnlineShareIncrease: 0.2);

    /// <summary>The features this drift changes, by column name.</summary>
    public IReadOnlyList<string> ShiftedFeatures =>
    [
        .. AmountFactor != 1 ? ["amount"] : Array.Empty<string>(),
        .. HourShift != 0 ? ["hour"] : Array.Empty<string>(),
        .. DistanceFactor != 1 ? ["distance_km"] : Array.Empty<string>(),
        .. OnlineShareIncrease != 0 ? ["channel"] : Array.Empty<string>(),
    ];
}
