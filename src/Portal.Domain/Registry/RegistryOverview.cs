using Microsoft.EntityFrameworkCore;

namespace ModelLifecycle.Domain.Registry;

/// <summary>Counts over the whole registry, answered by aggregate queries (never by counting a loaded page).</summary>
public sealed record RegistryOverview(int Models, int ModelsInProduction, int Versions);

public sealed partial class ModelRegistry
{
    public async Task<RegistryOverview> OverviewAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var models = await db.Models.CountAsync(ct);
        var inProduction = await db.ModelVersions.Where(v => v.Stage == Stage.Production).Select(v => v.ModelId).Distinct().CountAsync(ct);
        var versions = await db.ModelVersions.CountAsync(ct);
        return new RegistryOverview(models, inProduction, versions);
    }
}
