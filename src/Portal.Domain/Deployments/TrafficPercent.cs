using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// A share of traffic with one decimal at most, stored as whole tenths of a percent (0..1000).
/// Integers, not doubles, so "sums to exactly 100" is an exact comparison and the router can cut
/// the hash space into the same 1,000 slots without rounding.
/// </summary>
[JsonConverter(typeof(TrafficPercentJsonConverter))]
public readonly record struct TrafficPercent : IComparable<TrafficPercent>
{
    /// <summary>Tenths of a percent in the whole: 100 % = 1,000 tenths.</summary>
    public const int WholeTenths = 1000;

    private TrafficPercent(int tenths) => Tenths = tenths;

    public int Tenths { get; }

    public static TrafficPercent Zero => default;

    public static TrafficPercent Hundred => new(WholeTenths);

    public decimal Value => Tenths / 10m;

    public bool IsZero => Tenths == 0;

    /// <summary>From whole tenths; out of 0..1000 is a programming error, not user input.</summary>
    public static TrafficPercent FromTenths(int tenths) =>
        tenths is >= 0 and <= WholeTenths
            ? new TrafficPercent(tenths)
            : throw new ArgumentOutOfRangeException(nameof(tenths), tenths, "A share is 0 to 1000 tenths of a percent.");

    /// <summary>Parses a requested percent; <paramref name="field"/> names it in the refusal (e.g. allocations[1].percent).</summary>
    public static TrafficPercent Parse(decimal percent, string field)
    {
        if (percent < 0)
        {
            throw DomainException.Invalid($"{field}: {Format(percent)} is negative; a share is 0 to 100.");
        }

        if (percent > 100)
        {
            throw DomainException.Invalid($"{field}: {Format(percent)} is above 100.");
        }

        var tenths = percent * 10m;
        if (tenths != decimal.Truncate(tenths))
        {
            throw DomainException.Invalid($"{field}: {Format(percent)} has more than one decimal.");
        }

        return new TrafficPercent((int)tenths);
    }

    public static TrafficPercent operator +(TrafficPercent left, TrafficPercent right) => FromTenths(left.Tenths + right.Tenths);

    public static TrafficPercent operator -(TrafficPercent left, TrafficPercent right) => FromTenths(left.Tenths - right.Tenths);

    public static bool operator <(TrafficPercent left, TrafficPercent right) => left.Tenths < right.Tenths;

    public static bool operator >(TrafficPercent left, TrafficPercent right) => left.Tenths > right.Tenths;

    public static bool operator <=(TrafficPercent left, TrafficPercent right) => left.Tenths <= right.Tenths;

    public static bool operator >=(TrafficPercent left, TrafficPercent right) => left.Tenths >= right.Tenths;

    public int CompareTo(TrafficPercent other) => Tenths.CompareTo(other.Tenths);

    /// <summary>"12.5 %" style text without trailing zeros: 10, 12.5, 0.1.</summary>
    public override string ToString() => Format(Value);

    private static string Format(decimal percent) => percent.ToString("0.############################", CultureInfo.InvariantCulture);
}

/// <summary>
/// A share in JSON is its percent as a number (12.5), read back through <see cref="TrafficPercent.Parse"/>. Without it
/// the serializer wrote the read-only <c>Tenths</c> and read back 0, so a stored policy lost its gradual floor.
/// </summary>
public sealed class TrafficPercentJsonConverter : JsonConverter<TrafficPercent>
{
    public override TrafficPercent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TrafficPercent.Parse(reader.GetDecimal(), "percent");

    public override void Write(Utf8JsonWriter writer, TrafficPercent value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}
