using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelLifecycle.Domain.Registry;

/// <summary>
/// A semantic version (semver.org 2.0.0): MAJOR.MINOR.PATCH with an optional pre-release tag.
/// Ordering follows semver: a pre-release sorts before its release; build metadata is not accepted.
/// </summary>
public sealed partial record SemanticVersion(int Major, int Minor, int Patch, string? PreRelease = null)
    : IComparable<SemanticVersion>
{
    // semver 2.0 §2 and §9: no leading zeros in MAJOR, MINOR, PATCH or in a numeric pre-release identifier
    // (an identifier of digits only); alphanumeric identifiers may start with a digit ("0a", "01-x").
    [GeneratedRegex(@"^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$")]
    private static partial Regex Pattern();

    public static SemanticVersion Initial { get; } = new(1, 0, 0);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SemanticVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Length > Common.FieldLimits.Version)
        {
            return false;
        }

        var match = Pattern().Match(trimmed);
        if (!match.Success)
        {
            return false;
        }

        version = new SemanticVersion(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture),
            match.Groups[4].Success ? match.Groups[4].Value : null);
        return true;
    }

    public static SemanticVersion Parse(string text) => TryParse(text, out var v)
        ? v
        : throw Common.DomainException.Invalid($"'{Shorten(text)}' is not a semantic version (expected MAJOR.MINOR.PATCH without leading zeros, e.g. 1.2.0 or 1.2.0-rc.1, at most {Common.FieldLimits.Version} characters).");

    /// <summary>The version a retrain gets when none is given: next minor, patch reset.</summary>
    public SemanticVersion NextMinor() => new(Major, Minor + 1, 0);

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byCore = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (byCore != 0)
        {
            return byCore;
        }

        return (PreRelease, other.PreRelease) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => ComparePreRelease(PreRelease!, other.PreRelease!),
        };
    }

    private static int ComparePreRelease(string a, string b)
    {
        var left = a.Split('.');
        var right = b.Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumeric = left[i].All(char.IsAsciiDigit);
            var rightNumeric = right[i].All(char.IsAsciiDigit);
            var cmp = (leftNumeric, rightNumeric) switch
            {
                // Numeric identifiers have no leading zeros, so the longer one is larger (no overflow on long ones).
                (true, true) => left[i].Length != right[i].Length ? left[i].Length.CompareTo(right[i].Length) : string.CompareOrdinal(left[i], right[i]),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (cmp != 0)
            {
                return cmp;
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    private static string Shorten(string? s) => s is { Length: > 70 } ? s[..70] + "…" : s ?? "";

    public override string ToString() => PreRelease is null ? $"{Major}.{Minor}.{Patch}" : $"{Major}.{Minor}.{Patch}-{PreRelease}";
}
