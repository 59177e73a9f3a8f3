using System.Globalization;

namespace ModelLifecycle.Domain.Training;

/// <summary>
/// One trial's hyperparameter values by name (<c>int</c>, <c>double</c> or <c>string</c>), ordered by name so two
/// sets with the same values compare, hash and print the same.
/// </summary>
public sealed class Hyperparameters : IEquatable<Hyperparameters>
{
    private readonly SortedDictionary<string, object> values = new(StringComparer.Ordinal);

    public Hyperparameters(IEnumerable<KeyValuePair<string, object>> values)
    {
        foreach (var (name, value) in values)
        {
            if (value is not (int or double or string))
            {
                throw new ArgumentException($"{name}: a hyperparameter is an int, a double or a string, not {value.GetType().Name}.");
            }

            this.values[name] = value;
        }
    }

    public static Hyperparameters Empty { get; } = new([]);

    public IReadOnlyDictionary<string, object> Values => values;

    public int GetInt(string name, int fallback) => values.TryGetValue(name, out var v) ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : fallback;

    public double GetDouble(string name, double fallback) => values.TryGetValue(name, out var v) ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : fallback;

    public string GetChoice(string name, string fallback) => values.TryGetValue(name, out var v) ? Format(v) : fallback;

    public Hyperparameters With(string name, object value) =>
        new(values.Where(p => p.Key != name).Append(KeyValuePair.Create(name, value)));

    /// <summary>Invariant-culture text per name, round-trippable, as a version's hyperparameters are stored.</summary>
    public Dictionary<string, string> ToStrings() => values.ToDictionary(p => p.Key, p => Format(p.Value), StringComparer.Ordinal);

    public bool Equals(Hyperparameters? other) =>
        other is not null && values.Count == other.values.Count
        && values.All(p => other.values.TryGetValue(p.Key, out var v) && p.Value.Equals(v));

    public override bool Equals(object? obj) => Equals(obj as Hyperparameters);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (name, value) in values)
        {
            hash.Add(name);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(", ", values.Select(p => $"{p.Key}={Format(p.Value)}"));

    private static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => (string)value,
    };
}
