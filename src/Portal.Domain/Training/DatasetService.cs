using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;

namespace ModelLifecycle.Domain.Training;

/// <summary>
/// Dataset versions of a model: upload (streamed to a temp file, checked against the feature schema, then stored in
/// the artifact store by SHA-256 as version 1, 2, … with its summary and audit event), listing, and verified reads.
/// A refused upload stores nothing: no row, no artifact, no temp file.
/// </summary>
public sealed class DatasetService(IDbContextFactory<PortalDbContext> contexts, IArtifactStore artifacts, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Attempts at taking the next version number when concurrent uploads race for it.</summary>
    private const int VersionAttempts = 5;

    /// <summary>Where staged uploads are written (the same folder ASP.NET Core buffers multipart files in, swept alike).</summary>
    public static string TempDirectory => ArtifactSweeper.MultipartTempDirectory;

    /// <summary>Checks, stores and records an upload in one call (the API's and the demo seed's way in).</summary>
    public async Task<DatasetView> UploadAsync(string modelName, Stream csv, string fileName, string? notes, Actor actor, CancellationToken ct, string source = "upload")
    {
        await using var staged = await StageAsync(modelName, csv, actor, ct);
        return await AddAsync(staged, fileName, notes, actor, ct, source);
    }

    /// <summary>
    /// Copies the upload to a temp file while hashing it, after checking the caller's role and that the model exists
    /// (so a refused request does not read a large body first). Dispose the result to delete the temp file.
    /// </summary>
    public async Task<StagedDataset> StageAsync(string modelName, Stream csv, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        Model model;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        }

        Directory.CreateDirectory(TempDirectory);
        var path = Path.Combine(TempDirectory, $"{StagedDataset.TempPrefix}{Guid.NewGuid():N}.csv");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var (sha256, size) = await HashingCopy.CopyAsync(csv, file, ct);
            return new StagedDataset(model, file, sha256, size);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Checks a staged upload against the model's schema and, when every row passes, stores it and records the next
    /// version. The exact bytes of an existing version of this model are refused (409 naming that version): a second
    /// copy would be a version that differs in nothing but its number.
    /// </summary>
    public async Task<DatasetView> AddAsync(StagedDataset staged, string fileName, string? notes, Actor actor, CancellationToken ct, string source = "upload")
    {
        RequireEngineer(actor);
        var name = Path.GetFileName(fileName?.Trim() ?? "");
        if (name.Length == 0)
        {
            throw DomainException.Invalid("file: the upload has no file name.");
        }

        FieldLimits.Check(name, FieldLimits.FileName, "file name");
        FieldLimits.Check(notes, FieldLimits.Notes, "notes");
        if (staged.SizeBytes == 0)
        {
            throw DomainException.Invalid("file: the CSV is empty; it needs a header row with the model's features and 'label', then data rows.");
        }

        var model = staged.Model;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await RefuseDuplicateAsync(db, model, staged.Sha256, ct);
        }

        DatasetCheck check;
        await using (var pass = staged.Rewind())
        {
            check = DatasetValidator.Check(pass, model.Features, model.Task);
        }

        if (!check.Valid)
        {
            var listed = string.Join("; ", check.BadRows);
            var more = check.BadRowCount > check.BadRows.Count ? $" (the first {check.BadRows.Count} listed)" : "";
            throw DomainException.Invalid($"file: {check.BadRowCount} row(s) are invalid{more}, nothing was stored: {listed}.");
        }

        StoredArtifact stored;
        await using (var pass = staged.Rewind())
        {
            stored = await artifacts.PutAsync(pass, ct);
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var next = (await db.Datasets.Where(d => d.ModelId == model.Id).MaxAsync(d => (int?)d.Version, ct) ?? 0) + 1;
            var dataset = new Dataset
            {
                ModelId = model.Id,
                ModelName = model.Name,
                Version = next,
                Sha256 = stored.Sha256,
                SizeBytes = stored.SizeBytes,
                FileName = name,
                RowCount = check.RowCount,
                Summary = check.Summary,
                Source = source,
                Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(),
                CreatedBy = actor.Name,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Datasets.Add(dataset);
            audit.Record(db, actor, "dataset.uploaded", "dataset", $"{model.Name}/datasets/{next}", null, new
            {
                version = next,
                sha256 = stored.Sha256,
                sizeBytes = stored.SizeBytes,
                rowCount = check.RowCount,
                fileName = name,
                source,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                return DatasetView.From(dataset);
            }
            catch (DbUpdateException) when (attempt < VersionAttempts)
            {
                // Either a concurrent upload took this number (take the next one) or it stored the same bytes first
                // (refuse as a duplicate). The unique indexes (ModelId, Version) and (ModelId, Sha256) decide.
                await using var fresh = await contexts.CreateDbContextAsync(ct);
                await RefuseDuplicateAsync(fresh, model, stored.Sha256, ct);
            }
            catch (DbUpdateException)
            {
                throw DomainException.Conflict($"Could not take a dataset version number for '{model.Name}' after {VersionAttempts} attempts; try again.");
            }
        }
    }

    /// <summary>One page of a model's dataset versions, newest first.</summary>
    public async Task<Paged<DatasetView>> ListAsync(string modelName, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var q = db.Datasets.AsNoTracking().Where(d => d.ModelId == model.Id);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(d => d.Version).Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        return new Paged<DatasetView>(rows.Select(DatasetView.From).ToList(), total, page.SafePage, page.SafeSize);
    }

    /// <summary>One page of the dataset versions of every model, newest upload first (the Datasets page).</summary>
    public async Task<Paged<DatasetView>> ListAllAsync(PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var q = db.Datasets.AsNoTracking();
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.ModelName).ThenByDescending(d => d.Version)
            .Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        return new Paged<DatasetView>(rows.Select(DatasetView.From).ToList(), total, page.SafePage, page.SafeSize);
    }

    public async Task<DatasetView> GetAsync(string modelName, int version, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return DatasetView.From(await FindAsync(db, modelName, version, ct));
    }

    /// <summary>
    /// A dataset version's row and its CSV bytes, read back from the artifact store only after their SHA-256 matched
    /// (the stream checks again as it is read). The caller disposes the stream.
    /// </summary>
    public async Task<(Stream Content, Dataset Dataset)> OpenAsync(string modelName, int version, CancellationToken ct)
    {
        Dataset dataset;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            dataset = await FindAsync(db, modelName, version, ct);
        }

        try
        {
            return (await artifacts.OpenVerifiedAsync(dataset.Sha256, ct), dataset);
        }
        catch (ArtifactIntegrityException ex)
        {
            throw new DomainException(FailureKind.Integrity, $"Dataset version {version} of '{modelName}': {ex.Message}");
        }
    }

    private static async Task<Dataset> FindAsync(PortalDbContext db, string modelName, int version, CancellationToken ct)
    {
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        return await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.ModelId == model.Id && d.Version == version, ct)
            ?? throw DomainException.NotFound($"'{modelName}' has no dataset version {version}.");
    }

    private static async Task RefuseDuplicateAsync(PortalDbContext db, Model model, string sha256, CancellationToken ct)
    {
        var existing = await db.Datasets.AsNoTracking().Where(d => d.ModelId == model.Id && d.Sha256 == sha256).Select(d => (int?)d.Version).FirstOrDefaultAsync(ct);
        if (existing is { } version)
        {
            throw DomainException.Conflict($"file: these exact bytes are already dataset version {version} of '{model.Name}' (SHA-256 {sha256[..12]}…); nothing was stored.");
        }
    }

    private static void RequireEngineer(Actor actor)
    {
        if (!actor.CanEngineer)
        {
            throw DomainException.Forbidden("Only Engineers, Approvers and Admins may upload datasets.");
        }
    }
}
