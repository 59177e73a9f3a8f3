using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;

namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// Opens a model's dataset version for training: its row, then its CSV from the artifact store after the SHA-256
/// check (a streaming pass, no copy in memory).
/// </summary>
public sealed class TrainingDatasets(IDbContextFactory<PortalDbContext> contexts, IArtifactStore store)
{
    public async Task<Stream> OpenAsync(string modelName, int version, CancellationToken ct)
    {
        string sha256;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            sha256 = await db.Datasets.AsNoTracking().Where(d => d.ModelName == modelName && d.Version == version).Select(d => d.Sha256).SingleOrDefaultAsync(ct)
                ?? throw DomainException.NotFound($"'{modelName}' has no dataset version {version}.");
        }

        return await store.OpenVerifiedAsync(sha256, ct);
    }
}
