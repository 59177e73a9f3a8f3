using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelLifecycle.Domain.Common;

/// <summary>The one JSON shape used for stored documents (metrics, audit snapshots): camelCase, enums as strings.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"Stored JSON could not be read as {typeof(T).Name}.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
