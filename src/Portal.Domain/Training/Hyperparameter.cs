namespace ModelLifecycle.Domain.Training;

/// <summary>One dimension of a search space. Values are <c>int</c>, <c>double</c> or <c>string</c>.</summary>
public abstract record Hyperparameter(string Name)
{
    public abstract object Sample(Random rng);

    public abstract bool Contains(object value);
}

/// <summary>Integers in [Min, Max]; on a log scale every order of magnitude is equally likely (tree counts, leaves).</summary>
public sealed record IntRange : Hyperparameter
{
    public IntRange(string name, int min, int max, bool logScale = false) : base(name)
    {
        if (min > max || (logScale && min < 1))
        {
            throw new ArgumentException($"{name}: invalid range [{min}, {max}]{(logScale ? " on a log scale" : "")}.");
        }

        (Min, Max, LogScale) = (min, max, logScale);
    }

    public int Min { get; }

    public int Max { get; }

    public bool LogScale { get; }

    public override object Sample(Random rng)
    {
        if (!LogScale)
        {
            return rng.Next(Min, Max + 1);
        }

        // Log-uniform over the continuous interval [Min, Max + 1), floored, so each integer keeps a share of mass
        // proportional to log((k + 1) / k) and Max stays reachable.
        var value = (int)Math.Floor(Math.Exp(Math.Log(Min) + (rng.NextDouble() * (Math.Log(Max + 1.0) - Math.Log(Min)))));
        return Math.Clamp(value, Min, Max);
    }

    public override bool Contains(object value) => value is int i && i >= Min && i <= Max;
}

/// <summary>Reals in [Min, Max]; on a log scale for rates and regularisation strengths that span decades.</summary>
public sealed record FloatRange : Hyperparameter
{
    public FloatRange(string name, double min, double max, bool logScale = false) : base(name)
    {
        if (!(min <= max) || (logScale && min <= 0))
        {
            throw new ArgumentException($"{name}: invalid range [{min}, {max}]{(logScale ? " on a log scale" : "")}.");
        }

        (Min, Max, LogScale) = (min, max, logScale);
    }

    public double Min { get; }

    public double Max { get; }

    public bool LogScale { get; }

    public override object Sample(Random rng)
    {
        var u = rng.NextDouble();
        var value = LogScale ? Math.Exp(Math.Log(Min) + (u * (Math.Log(Max) - Math.Log(Min)))) : Min + (u * (Max - Min));
        return Math.Clamp(value, Min, Max);
    }

    public override bool Contains(object value) => value is double d && d >= Min && d <= Max;
}

/// <summary>One of a fixed list of options (a solver, a flag), each equally likely.</summary>
public sealed record Choice : Hyperparameter
{
    public Choice(string name, params string[] options) : base(name)
    {
        if (options.Length == 0)
        {
            throw new ArgumentException($"{name}: a choice needs at least one option.");
        }

        Options = options;
    }

    public IReadOnlyList<string> Options { get; }

    public override object Sample(Random rng) => Options[rng.Next(Options.Count)];

    public override bool Contains(object value) => value is string s && Options.Contains(s);

    public override string ToString() => $"{Name} ∈ {{{string.Join(", ", Options)}}}";
}
