namespace ModelLifecycle.Domain.Common;

/// <summary>
/// The one way an enum value is read from input: a single declared name, case-insensitive, with '_', '-' and spaces
/// ignored ("binary_classification"). Numbers ("2") and comma-joined names ("staging,production"), which
/// <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> accepts, are refused.
/// </summary>
public static class StrictEnum
{
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        var wanted = Normalize(text);
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (wanted.Length > 0 && string.Equals(Normalize(candidate.ToString()), wanted, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Parses or throws a validation error naming the field and the allowed names.</summary>
    public static T Parse<T>(string? text, string field)
        where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw DomainException.Invalid($"Unknown {field} '{Shorten(text)}'. Allowed: {string.Join(", ", Enum.GetNames<T>())}.");

    private static string Normalize(string? text) =>
        (text ?? "").Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);

    private static string Shorten(string? s) => s is { Length: > 40 } ? s[..40] + "…" : s ?? "";
}
