using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Storage.Configurations;

/// <summary>Stores a value object as one JSON text column, compared by its JSON so edits are detected.</summary>
internal static class JsonColumn
{
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
        where T : class
    {
        property.HasConversion(
            v => Json.Serialize(v),
            s => Json.Deserialize<T>(s),
            new ValueComparer<T>(
                (a, b) => Json.Serialize(a) == Json.Serialize(b),
                v => Json.Serialize(v).GetHashCode(StringComparison.Ordinal),
                v => Json.Deserialize<T>(Json.Serialize(v))));
        return property;
    }
}
