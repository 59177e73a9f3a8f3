using System.Text;
using System.Text.Json;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// One page of logged predictions as columns: each feature's values parsed from the logged inputs (a JSON object per
/// prediction; a feature absent, null, or of the wrong kind is missing: NaN or null), and the score, prediction and
/// label (NaN when absent). Reused page after page, so a scan's memory is one page, not the window.
/// </summary>
public sealed class LogChunk
{
    private readonly Dictionary<string, (bool Numeric, int Index)>.AlternateLookup<ReadOnlySpan<char>> _features;
    private byte[] _utf8 = new byte[1024];
    private readonly char[] _name = new char[1024];

    public LogChunk(IReadOnlyList<FeatureDefinition> schema, int capacity)
    {
        Capacity = capacity;
        NumericNames = [.. schema.Where(f => f.Type == FeatureType.Numeric).Select(f => f.Name)];
        CategoricalNames = [.. schema.Where(f => f.Type == FeatureType.Categorical).Select(f => f.Name)];
        Numeric = [.. NumericNames.Select(_ => new double[capacity])];
        Categorical = [.. CategoricalNames.Select(_ => new string?[capacity])];
        var lookup = new Dictionary<string, (bool, int)>(StringComparer.Ordinal);
        for (var i = 0; i < NumericNames.Length; i++)
        {
            lookup[NumericNames[i]] = (true, i);
        }

        for (var i = 0; i < CategoricalNames.Length; i++)
        {
            lookup[CategoricalNames[i]] = (false, i);
        }

        _features = lookup.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    public string[] NumericNames { get; }

    public string[] CategoricalNames { get; }

    public double[][] Numeric { get; }

    public string?[][] Categorical { get; }

    public double[] Scores => _scores ??= new double[Capacity];

    public double[] Predictions => _predictions ??= new double[Capacity];

    public double[] Labels => _labels ??= new double[Capacity];

    private double[]? _scores;
    private double[]? _predictions;
    private double[]? _labels;

    public void Clear() => Count = 0;

    /// <summary>Adds one logged prediction; false when the chunk is full.</summary>
    public bool Add(string inputs, double? score, double? prediction, double? label)
    {
        if (Count == Capacity)
        {
            return false;
        }

        var row = Count++;
        foreach (var column in Numeric)
        {
            column[row] = double.NaN;
        }

        foreach (var column in Categorical)
        {
            column[row] = null;
        }

        Scores[row] = score ?? double.NaN;
        Predictions[row] = prediction ?? double.NaN;
        Labels[row] = label ?? double.NaN;
        Parse(inputs, row);
        return true;
    }

    private void Parse(string inputs, int row)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(inputs.Length);
        if (needed > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(needed, _utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(inputs, _utf8);
        var reader = new Utf8JsonReader(_utf8.AsSpan(0, length));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var known = TryFeature(ref reader, out var feature);
                reader.Read();
                if (!known)
                {
                    reader.TrySkip();
                    continue;
                }

                if (feature.Numeric)
                {
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var x))
                    {
                        Numeric[feature.Index][row] = x;
                    }
                    else
                    {
                        reader.TrySkip();
                    }
                }
                else
                {
                    Categorical[feature.Index][row] = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                    reader.TrySkip();
                }
            }
        }
        catch (JsonException)
        {
            // A malformed record keeps what was read before the fault; the rest is missing.
        }
    }

    private bool TryFeature(ref Utf8JsonReader reader, out (bool Numeric, int Index) feature)
    {
        var size = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (size > _name.Length)
        {
            feature = default;
            return false;
        }

        var written = reader.CopyString(_name.AsSpan());
        return _features.TryGetValue(_name.AsSpan(0, written), out feature);
    }
}
