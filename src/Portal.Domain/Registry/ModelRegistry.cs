using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;

namespace ModelLifecycle.Domain.Registry;

/// <summary>Models and versions: registration, lookup, artifacts, direct stage moves and comparison.</summary>
public sealed partial class ModelRegistry(IDbContextFactory<PortalDbContext> contexts, IArtifactStore artifacts, AuditTrail audit, TimeProvider clock, ServingChanges? servingChanges = null)
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex NamePattern();

    public async Task<ModelSummary> CreateModelAsync(CreateModel input, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        var name = input.Name?.Trim() ?? "";
        if (!NamePattern().IsMatch(name))
        {
            throw DomainException.Invalid("A model name is 1–100 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var task = RegistryInput.ParseTask(input.Task);
        var features = RegistryInput.Features(input.Features);
        var tags = RegistryInput.Tags(input.Tags);
        RegistryInput.Check(input);

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Models.AnyAsync(m => m.Name == name, ct))
        {
            throw DomainException.Conflict($"A model named '{name}' already exists.");
        }

        var model = new Model
        {
            Name = name,
            Task = task,
            Description = input.Description?.Trim() ?? "",
            Owner = actor.Name,
            Tags = tags,
            Features = features,
            MetricGate = input.MetricGate,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Models.Add(model);
        audit.Record(db, actor, "model.created", "model", name, null, Summarize(model, []));
        await SaveUniqueAsync(db, $"A model named '{name}' already exists.", ct);
        return Summarize(model, []);
    }

    /// <summary>
    /// Replaces a model's editable settings (description, tags, metric gate: absent means empty/none), audited with
    /// before and after. Name, task and features are fixed once versions may depend on them.
    /// </summary>
    public async Task<ModelSummary> UpdateModelAsync(string modelName, UpdateModel input, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        ArgumentNullException.ThrowIfNull(input);
        var tags = RegistryInput.Tags(input.Tags);
        RegistryInput.Check(new CreateModel(modelName, null, input.Description, MetricGate: input.MetricGate));
        if (input.DriftThresholds is { } thresholds)
        {
            Drift.DriftService.Validate(thresholds);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await FindModelAsync(db, modelName, ct, track: true);
        var before = new ModelSettings(model.Description, [.. model.Tags], model.MetricGate);
        var after = new ModelSettings(input.Description?.Trim() ?? "", tags, input.MetricGate);
        var changed = false;
        if (!before.Equals(after))
        {
            model.Description = after.Description;
            model.Tags = tags;
            model.MetricGate = after.MetricGate;
            audit.Record(db, actor, "model.updated", "model", model.Name, before, after);
            changed = true;
        }

        var thresholdsBefore = model.DriftThresholds ?? Drift.Analysis.DriftThresholds.Default;
        if (input.DriftThresholds is { } newThresholds && newThresholds != thresholdsBefore)
        {
            model.DriftThresholds = newThresholds;
            audit.Record(db, actor, "drift.thresholds_changed", "model", model.Name, thresholdsBefore, newThresholds);
            changed = true;
        }

        if (changed)
        {
            await SaveConcurrentAsync(db, ct);
        }

        return await GetModelAsync(model.Name, ct);
    }

    public Task<Paged<ModelSummary>> ListModelsAsync(string? search, PageRequest page, CancellationToken ct) =>
        FindModelsAsync(new ModelFilter(search), page, ct);

    public async Task<ModelSummary> GetModelAsync(string name, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return (await SummariesAsync(db, db.Models.Where(m => m.Name == name), ct)).SingleOrDefault()
            ?? throw DomainException.NotFound($"No model named '{name}'.");
    }

    public Task<VersionView> RegisterVersionAsync(string modelName, VersionMetadata metadata, Stream artifact, string fileName, Actor actor, CancellationToken ct) =>
        RegisterAsync(modelName, metadata, token => artifacts.PutAsync(artifact, token), fileName, actor, ct);

    /// <summary>Registers an artifact that was streamed to the store before its metadata arrived (see <see cref="StoreArtifactAsync"/>).</summary>
    public Task<VersionView> RegisterVersionAsync(string modelName, VersionMetadata metadata, StoredArtifact stored, string fileName, Actor actor, CancellationToken ct) =>
        RegisterAsync(modelName, metadata, _ => Task.FromResult(stored), fileName, actor, ct);

    /// <summary>
    /// Streams an upload into the content-addressed store before the version exists (a multipart form whose artifact
    /// precedes its metadata). If registration is then refused, the unreferenced file is removed by the orphan sweep.
    /// </summary>
    public Task<StoredArtifact> StoreArtifactAsync(Stream artifact, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        return artifacts.PutAsync(artifact, ct);
    }

    /// <summary>
    /// Registers a version and saves <paramref name="alongside"/>'s changes (e.g. the training run that produced it) in
    /// the same transaction, so neither is ever visible without the other.
    /// </summary>
    internal Task<VersionView> RegisterVersionAsync(string modelName, VersionMetadata metadata, Stream artifact, string fileName, Actor actor, Func<PortalDbContext, VersionView, CancellationToken, Task> alongside, CancellationToken ct) =>
        RegisterAsync(modelName, metadata, token => artifacts.PutAsync(artifact, token), fileName, actor, ct, alongside);

    private async Task<VersionView> RegisterAsync(
        string modelName,
        VersionMetadata metadata,
        Func<CancellationToken, Task<StoredArtifact>> store,
        string fileName,
        Actor actor,
        CancellationToken ct,
        Func<PortalDbContext, VersionView, CancellationToken, Task>? alongside = null)
    {
        RequireEngineer(actor);
        var format = Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".zip" => ArtifactFormat.MlNetZip,
            ".onnx" => ArtifactFormat.Onnx,
            _ => throw DomainException.Invalid($"The artifact '{fileName}' is neither an ML.NET model (.zip) nor an ONNX model (.onnx)."),
        };
        RegistryInput.Check(metadata, fileName);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await FindModelAsync(db, modelName, ct, track: true);

        // Indexed look-ups only (the (ModelId, Version) and (ModelId, Major, Minor, Patch) indexes): a model with
        // 100,000 versions costs the same few reads as one with two, never a load of every version.
        var versions = db.ModelVersions.AsNoTracking().Where(v => v.ModelId == model.Id);
        SemanticVersion semver;
        if (!string.IsNullOrWhiteSpace(metadata.Version))
        {
            semver = SemanticVersion.Parse(metadata.Version);
            var text = semver.ToString();
            if (await versions.AnyAsync(v => v.Version == text, ct))
            {
                throw DomainException.Conflict($"Version {semver} of '{model.Name}' already exists; versions are immutable.");
            }
        }
        else
        {
            // The newest release line from the numeric columns: NextMinor ignores a pre-release tag, so the top
            // MAJOR.MINOR.PATCH is all it needs (the columns are set even for text an older parser accepted).
            var latest = await NewestFirst(versions).Select(v => new { v.Major, v.Minor, v.Patch }).FirstOrDefaultAsync(ct);
            semver = latest is null ? SemanticVersion.Initial : new SemanticVersion(latest.Major, latest.Minor, latest.Patch).NextMinor();
        }

        if (metadata.ParentVersion is { Length: > 0 } parent && !await versions.AnyAsync(v => v.Version == parent, ct))
        {
            throw DomainException.Invalid($"Parent version {parent} does not exist for '{model.Name}'.");
        }

        var stored = await store(ct);
        if (stored.SizeBytes == 0)
        {
            throw DomainException.Invalid("The artifact is empty.");
        }

        var version = new ModelVersion
        {
            ModelId = model.Id,
            Version = semver.ToString(),
            Major = semver.Major,
            Minor = semver.Minor,
            Patch = semver.Patch,
            Sha256 = stored.Sha256,
            SizeBytes = stored.SizeBytes,
            ArtifactFileName = Path.GetFileName(fileName),
            Format = format,
            Metrics = metadata.Metrics ?? [],
            Hyperparameters = metadata.Hyperparameters ?? [],
            ParentVersion = metadata.ParentVersion,
            DatasetVersion = metadata.DatasetVersion,
            DatasetHash = metadata.DatasetHash,
            TrainingRun = metadata.TrainingRun,
            Notes = metadata.Notes,
            CreatedBy = actor.Name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ModelVersions.Add(version);
        var view = VersionView.From(model.Name, version);
        audit.Record(db, actor, "version.registered", "version", $"{model.Name}@{version.Version}", null, view);
        if (alongside is not null)
        {
            await alongside(db, view, ct);
        }

        await SaveUniqueAsync(db, $"Version {semver} of '{model.Name}' already exists; versions are immutable.", ct);
        return view;
    }

    public async Task<VersionView> GetVersionAsync(string modelName, string version, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (model, v) = await FindVersionAsync(db, modelName, version, ct);
        return VersionView.From(model.Name, v);
    }

    /// <summary>The artifact's bytes after the hash check; a mismatch marks the version unhealthy, is audited, and throws.</summary>
    public async Task<(Stream Content, VersionView Version)> OpenArtifactAsync(string modelName, string version, Actor actor, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (model, v) = await FindVersionAsync(db, modelName, version, ct);
        try
        {
            return (await artifacts.OpenVerifiedAsync(v.Sha256, ct), VersionView.From(model.Name, v));
        }
        catch (ArtifactIntegrityException ex)
        {
            await MarkUnhealthyAsync(model.Name, v.Id, ex.Message, actor, ct);
            throw new DomainException(FailureKind.Integrity, ex.Message);
        }
    }

    /// <summary>
    /// Records a failed integrity check: the version becomes unhealthy, with an audit event saying why, and in the same
    /// transaction its traffic (and shadow) moves to the stable version with an <c>integrity_failed</c> deployment event.
    /// </summary>
    public async Task MarkUnhealthyAsync(string modelName, Guid versionId, string detail, Actor actor, CancellationToken ct)
    {
        // A traffic change committed in between makes the serving row's stamp stale: read again and retry.
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var v = await db.ModelVersions.SingleAsync(x => x.Id == versionId, ct);
            var wasHealthy = v.Healthy;
            v.Healthy = false;
            v.ConcurrencyStamp = Guid.NewGuid();
            audit.Record(db, actor, "artifact.integrity_failed", "version", $"{modelName}@{v.Version}", new { healthy = wasHealthy }, new { healthy = false, sha256 = v.Sha256 }, detail);
            var moved = await ServingFallback.MoveOffUnhealthyAsync(db, audit, clock.GetUtcNow().UtcDateTime, v.ModelId, v.Version, detail, actor, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                continue;
            }

            if (moved)
            {
                servingChanges?.Notify(v.ModelId);
            }

            return;
        }
    }

    /// <summary>A direct stage move (Staging, Archived); Production needs an approved request.</summary>
    public async Task<VersionView> ChangeStageAsync(string modelName, string version, string? targetStage, string? reason, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        var target = StageRules.ParseStage(targetStage);
        FieldLimits.Check(reason, FieldLimits.Reason, "reason");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (model, v) = await FindVersionAsync(db, modelName, version, ct, track: true);
        StageRules.EnsureDirectMoveAllowed(v.Stage, target);
        await MoveStageAsync(db, model, v, target, actor, reason, null, ct);

        // An Archived version may not serve: its live share and shadow go to the stable version in this transaction.
        var moved = target == Stage.Archived
            && await ServingFallback.MoveOffArchivedAsync(db, audit, clock.GetUtcNow().UtcDateTime, model.Id, v.Version, reason, actor, ct);
        await SaveConcurrentAsync(db, ct);
        if (moved)
        {
            servingChanges?.Notify(model.Id);
        }

        return VersionView.From(model.Name, v);
    }

    /// <summary>One page of a model's stage moves, newest first, with the total (the (ModelId, At) index).</summary>
    public async Task<Paged<StageTransitionView>> StageHistoryAsync(string modelName, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await FindModelAsync(db, modelName, ct);
        var q = db.StageTransitions.AsNoTracking().Where(t => t.ModelId == model.Id);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(t => t.At).ThenBy(t => t.Id).Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        return new Paged<StageTransitionView>(rows.Select(t => new StageTransitionView(t.Version, t.From, t.To, t.By, t.At, t.Reason, t.PromotionRequestId)).ToList(), total, page.SafePage, page.SafeSize);
    }

    public async Task<VersionComparison> CompareAsync(string modelName, IReadOnlyList<string> versions, CancellationToken ct)
    {
        if (versions.Count < 2)
        {
            throw DomainException.Invalid("Compare needs at least two versions.");
        }

        var views = new List<VersionView>();
        foreach (var version in versions.Distinct())
        {
            views.Add(await GetVersionAsync(modelName, version, ct));
        }

        return VersionComparer.Compare(views);
    }

    /// <summary>
    /// Moves a version to a stage and records the transition and its audit event on <paramref name="db"/> (not
    /// saved). The one place a version's stage changes, so it also cancels the version's pending promotion requests
    /// made from the stage it leaves (a request applies only to where the version was).
    /// </summary>
    internal async Task MoveStageAsync(PortalDbContext db, Model model, ModelVersion v, Stage target, Actor actor, string? reason, Guid? requestId, CancellationToken ct)
    {
        var from = v.Stage;
        var now = clock.GetUtcNow().UtcDateTime;
        v.Stage = target;
        v.ConcurrencyStamp = Guid.NewGuid();
        db.StageTransitions.Add(new StageTransition
        {
            ModelId = model.Id,
            VersionId = v.Id,
            Version = v.Version,
            From = from,
            To = target,
            By = actor.Name,
            At = now,
            Reason = reason,
            PromotionRequestId = requestId,
        });
        audit.Record(db, actor, "version.stage_changed", "version", $"{model.Name}@{v.Version}", new { stage = from }, new { stage = target }, reason);

        // Tracked requests keep their in-memory state (a request being approved is no longer Pending here).
        var pending = await db.PromotionRequests.Where(r => r.VersionId == v.Id && r.Status == PromotionStatus.Pending).ToListAsync(ct);
        foreach (var r in pending.Where(r => r.Status == PromotionStatus.Pending && r.FromStage != target))
        {
            var before = PromotionView.From(r);
            r.Cancel(target, actor, now);
            audit.Record(db, actor, "promotion.cancelled", "promotion", r.Id.ToString(), before, PromotionView.From(r), r.DecisionReason);
        }
    }

    internal static async Task<Model> FindModelAsync(PortalDbContext db, string name, CancellationToken ct, bool track = false)
    {
        var q = track ? db.Models : db.Models.AsNoTracking();
        return await q.SingleOrDefaultAsync(m => m.Name == name, ct)
            ?? throw DomainException.NotFound($"No model named '{name}'.");
    }

    internal static async Task<(Model, ModelVersion)> FindVersionAsync(PortalDbContext db, string modelName, string version, CancellationToken ct, bool track = false)
    {
        var model = await FindModelAsync(db, modelName, ct, track);
        var q = track ? db.ModelVersions : db.ModelVersions.AsNoTracking();
        var v = await q.SingleOrDefaultAsync(x => x.ModelId == model.Id && x.Version == version, ct)
            ?? throw DomainException.NotFound($"'{modelName}' has no version {version}.");
        return (model, v);
    }

    internal static void RequireEngineer(Actor actor)
    {
        if (!actor.CanEngineer)
        {
            throw DomainException.Forbidden("Only Engineers, Approvers and Admins may change the registry.");
        }
    }

    internal static async Task SaveConcurrentAsync(PortalDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("Someone else changed this at the same time; reload and try again.");
        }
    }

    internal static async Task SaveUniqueAsync(PortalDbContext db, string conflictMessage, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict(conflictMessage);
        }
    }

    private static ModelSummary Summarize(Model m, IReadOnlyCollection<ModelVersion> versions) => new(
        m.Name, m.Task, m.Description, m.Owner, m.Tags, m.Features, m.MetricGate, versions.Count,
        versions.OrderByDescending(v => v.SemVer).FirstOrDefault()?.Version,
        versions.Where(v => v.Stage == Stage.Production).OrderByDescending(v => v.SemVer).FirstOrDefault()?.Version,
        m.CreatedAt);
}
