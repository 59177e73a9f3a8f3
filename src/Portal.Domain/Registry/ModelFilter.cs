using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Registry;

/// <summary>
/// What the Models list (page and <c>GET /api/v1/models</c>) may filter and sort by: free text over name and
/// description, task, stage (a model with a version in that stage; <c>None</c>: no versions yet), tag, and a sort key.
/// </summary>
public sealed record ModelFilter(string? Search = null, string? Task = null, string? Stage = null, string? Tag = null, string? Sort = null);

/// <summary>
/// A sort key of the Models list: <c>name</c>, <c>created</c> or <c>versions</c>, with a leading <c>-</c> for descending.
/// Ties fall back to the name so paging is stable.
/// </summary>
public sealed record ModelSort(string Key, bool Descending)
{
    public static readonly IReadOnlyList<string> Keys = ["name", "created", "versions"];

    public static ModelSort Default { get; } = new("name", false);

    public static ModelSort Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var trimmed = text.Trim();
        var descending = trimmed.StartsWith('-');
        var key = (descending ? trimmed[1..] : trimmed).ToLowerInvariant();
        return Keys.Contains(key)
            ? new ModelSort(key, descending)
            : throw DomainException.Invalid($"'sort': '{text}' is not one of {string.Join(", ", Keys)} (prefix '-' for descending).");
    }

    public override string ToString() => (Descending ? "-" : "") + Key;

    internal IQueryable<Model> Apply(IQueryable<Model> q, PortalDbContext db) => (Key, Descending) switch
    {
        ("created", false) => q.OrderBy(m => m.CreatedAt).ThenBy(m => m.Name),
        ("created", true) => q.OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Name),
        ("versions", false) => q.OrderBy(m => db.ModelVersions.Count(v => v.ModelId == m.Id)).ThenBy(m => m.Name),
        ("versions", true) => q.OrderByDescending(m => db.ModelVersions.Count(v => v.ModelId == m.Id)).ThenBy(m => m.Name),
        (_, true) => q.OrderByDescending(m => m.Name),
        _ => q.OrderBy(m => m.Name),
    };
}
