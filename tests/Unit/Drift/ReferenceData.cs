using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Drift;

/// <summary>Reads the scipy/numpy reference numbers written by Data/drift/generate_reference.py.</summary>
internal static class ReferenceData
{
    public static IReadOnlyList<JsonElement> Cases(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "drift", file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone())];
    }

    /// <summary>xunit rows (case name, case index) so test names show which reference case failed.</summary>
    public static TheoryData<string, int> Names(string file)
    {
        var data = new TheoryData<string, int>();
        var cases = Cases(file);
        for (var i = 0; i < cases.Count; i++)
        {
            data.Add(cases[i].TryGetProperty("name", out var name) ? name.GetString()! : $"case {i}", i);
        }

        return data;
    }

    /// <summary>A sample stored either as plain values or as a (values, counts) histogram.</summary>
    public static double[] Sample(JsonElement sample)
    {
        var values = Doubles(sample.GetProperty("values"));
        if (!sample.TryGetProperty("counts", out var countsElement))
        {
            return values;
        }

        var counts = countsElement.EnumerateArray().Select(c => c.GetInt32()).ToArray();
        var expanded = new double[counts.Sum()];
        var at = 0;
        for (var i = 0; i < values.Length; i++)
        {
            Array.Fill(expanded, values[i], at, counts[i]);
            at += counts[i];
        }

        return expanded;
    }

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];

    public static long[] Longs(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetInt64())];

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetString()!)];

    public static double? NullableDouble(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : element.GetDouble();
}
