using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// The reference CSV uploaded for a model's drift scans. An upload is copied to a temp file while hashed, parsed with
/// the drift CSV rules (<see cref="DriftCsv"/>: the same columns, numbers and missing-value tokens as an uploaded drift
/// window, and the same refusals), and only when it parses with enough rows stored in the artifact store by SHA-256,
/// with its row and audit event in one transaction. A refused upload changes nothing: no row, no artifact, no temp file.
/// </summary>
public sealed class MonitoringReferences(IDbContextFactory<PortalDbContext> contexts, IArtifactStore artifacts, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The window name the drift CSV rules use in their messages ("The reference CSV lacks …").</summary>
    public const string WindowName = "reference";

    public async Task<MonitoringReferenceView?> GetAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var row = await db.MonitoringReferences.AsNoTracking().SingleOrDefaultAsync(r => r.ModelId == model.Id, ct);
        return row is null ? null : MonitoringReferenceView.From(row);
    }

    /// <summary>Checks and stores (or replaces) the model's reference CSV. Engineers, Approvers and Admins.</summary>
    public async Task<MonitoringReferenceView> UploadAsync(string modelName, Stream csv, string? fileName, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        Model model;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        }

        var name = Path.GetFileName(fileName?.Trim() ?? "");
        if (name.Length == 0)
        {
            throw DomainException.Invalid("file: the upload has no file name.");
        }

        FieldLimits.Check(name, FieldLimits.FileName, "file name");
        var thresholds = model.DriftThresholds ?? DriftThresholds.Default;
        Directory.CreateDirectory(DatasetService.TempDirectory);
        var path = Path.Combine(DatasetService.TempDirectory, $"{StagedDataset.TempPrefix}{Guid.NewGuid():N}.csv");
        await using var staged = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var (sha256, size) = await HashingCopy.CopyAsync(csv, staged, ct);
        if (size == 0)
        {
            throw DomainException.Invalid($"file: the CSV is empty; it needs a header row with the model's features ({string.Join(", ", model.Features.Select(f => f.Name))}), then data rows.");
        }

        staged.Position = 0;
        var window = await DriftCsv.ReadAsync(staged, model.Features, WindowName, ct);
        var rows = Rows(window);
        if (rows < thresholds.MinimumSamples)
        {
            throw DomainException.Invalid($"The {WindowName} window has {rows} rows; a drift check needs at least {thresholds.MinimumSamples}.");
        }

        staged.Position = 0;
        var stored = await artifacts.PutAsync(new NonClosingStream(staged), ct);
        if (stored.Sha256 != sha256)
        {
            throw new InvalidOperationException("The staged reference CSV changed while it was stored.");
        }

        await using var write = await contexts.CreateDbContextAsync(ct);
        var row = await write.MonitoringReferences.SingleOrDefaultAsync(r => r.ModelId == model.Id, ct);
        var before = row is null ? null : MonitoringReferenceView.From(row);
        if (row is null)
        {
            row = new MonitoringReference { ModelId = model.Id, ModelName = model.Name, FileName = name, Sha256 = sha256, UploadedBy = actor.Name };
            write.MonitoringReferences.Add(row);
        }

        row.ModelName = model.Name;
        row.FileName = name;
        row.Sha256 = stored.Sha256;
        row.SizeBytes = stored.SizeBytes;
        row.Rows = rows;
        row.HasScores = window.Scores is not null;
        row.UploadedBy = actor.Name;
        row.UploadedAt = clock.GetUtcNow().UtcDateTime;
        var view = MonitoringReferenceView.From(row);
        audit.Record(write, actor, "monitoring.reference_uploaded", "model", model.Name, before, view);
        await write.SaveChangesAsync(ct);
        return view;
    }

    /// <summary>Removes the model's reference CSV (the bytes stay until the artifact sweep finds nothing references them).</summary>
    public async Task RemoveAsync(string modelName, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var row = await db.MonitoringReferences.SingleOrDefaultAsync(r => r.ModelId == model.Id, ct)
            ?? throw DomainException.NotFound($"'{model.Name}' has no uploaded reference CSV.");
        db.MonitoringReferences.Remove(row);
        audit.Record(db, actor, "monitoring.reference_removed", "model", model.Name, MonitoringReferenceView.From(row), null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The uploaded reference as a scan's profile, read back from the store only after its hash matched; null when the
    /// model has none. A CSV that no longer fits the model's schema is reported, not used.
    /// </summary>
    internal async Task<(ReferenceProfile? Profile, string? Problem)> ProfileAsync(PortalDbContext db, Model model, DriftThresholds thresholds, CancellationToken ct)
    {
        var row = await db.MonitoringReferences.AsNoTracking().SingleOrDefaultAsync(r => r.ModelId == model.Id, ct);
        if (row is null)
        {
            return (null, "no reference CSV was uploaded");
        }

        DriftWindow window;
        try
        {
            await using var content = await artifacts.OpenVerifiedAsync(row.Sha256, ct);
            window = await DriftCsv.ReadAsync(content, model.Features, WindowName, ct);
        }
        catch (ArtifactIntegrityException ex)
        {
            throw new DomainException(FailureKind.Integrity, $"The uploaded reference CSV of '{model.Name}': {ex.Message}");
        }
        catch (DomainException ex) when (ex.Kind == FailureKind.Validation)
        {
            return (null, $"the uploaded reference CSV {row.FileName} no longer fits the model's schema ({ex.Message})");
        }

        var source = $"uploaded CSV {row.FileName} ({row.Sha256[..12]}…)";
        return (ReferenceProfile.From(source, window, model.Features, thresholds) with { Kind = ScanReference.Csv }, null);
    }

    private static int Rows(DriftWindow w) =>
        w.Numeric.Values.Select(v => v.Length).Concat(w.Categorical.Values.Select(v => v.Count)).DefaultIfEmpty(0).Max();
}
