using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// Drift checks: ad-hoc computation (nothing stored), CSV windows checked against a model's schema and stored as a
/// report (audited in the same transaction), and the stored reports for lists, charts, the dashboard and the checklist.
/// </summary>
public sealed class DriftService(IDbContextFactory<PortalDbContext> contexts, AuditTrail audit, TimeProvider clock)
{
    public const int MaxBins = 100;

    /// <summary>Computes a report from JSON windows. Refuses mismatched features, non-numeric values and too-small windows.</summary>
    public static DriftReportView Compute(DriftComputeRequest request, Actor actor)
    {
        ModelRegistry.RequireEngineer(actor);
        if (request.Reference is not { Count: > 0 } reference || request.Current is not { Count: > 0 } current)
        {
            throw DomainException.Invalid("Both 'reference' and 'current' need at least one feature with values.");
        }

        foreach (var (windowName, window) in new[] { ("reference", reference), ("current", current) })
        {
            foreach (var (name, cells) in window)
            {
                FieldLimits.Check(name, FieldLimits.FeatureName, $"{windowName} feature name");
                if (cells is null)
                {
                    throw DomainException.Invalid($"Feature '{name}' in the {windowName} window is null; send an array of values (null marks one missing value).");
                }
            }
        }

        var refNames = reference.Keys.Order(StringComparer.Ordinal).ToList();
        var curNames = current.Keys.Order(StringComparer.Ordinal).ToList();
        if (!refNames.SequenceEqual(curNames, StringComparer.Ordinal))
        {
            throw DomainException.Invalid($"Mismatched feature sets: reference has [{string.Join(", ", refNames)}], current has [{string.Join(", ", curNames)}].");
        }

        var categorical = (request.Categorical ?? []).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unknown = categorical.Where(c => !reference.ContainsKey(c)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid($"'categorical' names features that are in neither window: {string.Join(", ", unknown)}.");
        }

        var thresholds = WithBins(DriftThresholds.Default, request.Bins);
        var refWindow = Window(reference, categorical, "reference");
        var curWindow = Window(current, categorical, "current");
        var refRows = RowCount(reference, "reference", thresholds);
        var curRows = RowCount(current, "current", thresholds);
        return DriftReportView.From(DriftAnalyzer.Analyze(refWindow, curWindow, thresholds), refRows, curRows);
    }

    /// <summary>Checks two CSV windows given as streams (the portal page, the demo seed) and stores the report.</summary>
    public async Task<DriftReportDetail> AnalyzeAndStoreAsync(
        string modelName, string? version, Stream reference, string referenceName, Stream current, string currentName, Actor actor, CancellationToken ct)
    {
        using var upload = await OpenUploadAsync(modelName, actor, ct);
        FieldLimits.Check(version, FieldLimits.Version, "version");
        await upload.ReadWindowAsync(DriftUpload.ReferenceWindow, referenceName, reference, ct);
        await upload.ReadWindowAsync(DriftUpload.CurrentWindow, currentName, current, ct);
        return await StoreAsync(upload, version, actor, ct);
    }

    /// <summary>
    /// Starts a streamed drift upload: refuses a caller who may not check drift or an unknown model before any of the
    /// body is read, and gives the schema and thresholds the windows are parsed against.
    /// </summary>
    public async Task<DriftUpload> OpenUploadAsync(string modelName, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        return new DriftUpload(model.Id, model.Name, model.Features, model.DriftThresholds ?? DriftThresholds.Default);
    }

    /// <summary>Analyses an upload's two windows and stores the report with its audit event in one transaction.</summary>
    public async Task<DriftReportDetail> StoreAsync(DriftUpload upload, string? version, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        FieldLimits.Check(version, FieldLimits.Version, "version");
        var (_, referenceName) = upload.Reference ?? throw DomainException.Invalid("The form has no 'reference' CSV file.");
        var (_, currentName) = upload.Current ?? throw DomainException.Invalid("The form has no 'current' CSV file.");
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!string.IsNullOrWhiteSpace(version) && !await db.ModelVersions.AnyAsync(v => v.ModelId == upload.ModelId && v.Version == version, ct))
        {
            throw DomainException.NotFound($"'{upload.ModelName}' has no version {version}.");
        }

        var (result, refRows, curRows, distributions) = upload.Analyze(ct);
        var origin = new DriftReportOrigin(upload.ModelId, upload.ModelName, string.IsNullOrWhiteSpace(version) ? null : version,
            clock.GetUtcNow().UtcDateTime, actor.Name, referenceName, currentName);
        var report = DriftReport.From(origin, result, refRows, curRows, distributions);
        db.DriftReports.Add(report);
        audit.Record(db, actor, "drift.report_stored", "drift_report", report.Id.ToString(), null, Summarize(report), report.Recommendation);
        await Monitoring.DriftAlerts.RaiseForAsync(db, audit, report, report.CreatedAt, ct);
        await db.SaveChangesAsync(ct);
        return new DriftReportDetail(DriftReportView.From(report), distributions);
    }

    public async Task<Paged<DriftReportSummary>> ListAsync(string modelName, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var q = db.DriftReports.AsNoTracking().Where(r => r.ModelId == model.Id);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip(page.Skip).Take(page.SafeSize)
            .Select(r => new DriftReportSummary(r.Id, r.ModelName, r.Version, r.CreatedAt, r.CreatedBy, r.DatasetDrift, r.DriftShare, r.MaxSeverity, r.MaxPsi, r.Recommendation))
            .ToListAsync(ct);
        return new Paged<DriftReportSummary>(rows, total, page.SafePage, page.SafeSize);
    }

    public async Task<DriftReportDetail> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var report = await db.DriftReports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw DomainException.NotFound($"No drift report {id}.");
        return new DriftReportDetail(DriftReportView.From(report), report.Distributions);
    }

    /// <summary>The newest report of each model that has one.</summary>
    public async Task<IReadOnlyList<DriftReportSummary>> LatestPerModelAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var newest = await db.DriftReports.AsNoTracking()
            .GroupBy(r => r.ModelId)
            .Select(g => g.Max(r => r.CreatedAt))
            .ToListAsync(ct);
        var rows = await db.DriftReports.AsNoTracking()
            .Where(r => newest.Contains(r.CreatedAt))
            .Select(r => new DriftReportSummary(r.Id, r.ModelName, r.Version, r.CreatedAt, r.CreatedBy, r.DatasetDrift, r.DriftShare, r.MaxSeverity, r.MaxPsi, r.Recommendation))
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Model).Select(g => g.OrderByDescending(r => r.CreatedAt).First()).OrderBy(r => r.Model, StringComparer.Ordinal).ToList();
    }

    /// <summary>The newest report of each model whose worst feature is High or Critical, or that shows dataset drift.</summary>
    public async Task<IReadOnlyList<DriftReportSummary>> AlertsAsync(CancellationToken ct) =>
        (await LatestPerModelAsync(ct)).Where(r => DriftVerdict.Of(r).IsAlert).ToList();

    internal static async Task<DriftReportSummary?> LatestAsync(PortalDbContext db, Guid modelId, CancellationToken ct)
    {
        var r = await db.DriftReports.AsNoTracking().Where(x => x.ModelId == modelId).OrderByDescending(x => x.CreatedAt).FirstOrDefaultAsync(ct);
        return r is null ? null : Summarize(r);
    }

    public async Task<DriftThresholds> ThresholdsAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return (await ModelRegistry.FindModelAsync(db, modelName, ct)).DriftThresholds ?? DriftThresholds.Default;
    }

    public async Task<DriftThresholds> SetThresholdsAsync(string modelName, DriftThresholds thresholds, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        Validate(thresholds);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct, track: true);
        var before = model.DriftThresholds ?? DriftThresholds.Default;
        model.DriftThresholds = thresholds;
        audit.Record(db, actor, "drift.thresholds_changed", "model", model.Name, before, thresholds);
        await db.SaveChangesAsync(ct);
        return thresholds;
    }

    /// <summary>Refuses thresholds that make no sense (the page checks before saving anything, as the API does).</summary>
    public static void Validate(DriftThresholds t)
    {
        if (!(t.PsiModerate > 0 && t.PsiModerate < t.PsiHigh && t.PsiHigh < t.PsiCritical))
        {
            throw DomainException.Invalid("PSI thresholds must be positive and increasing: moderate < high < critical.");
        }

        if (t.SignificanceLevel is <= 0 or >= 1 || t.DatasetDriftShare is <= 0 or > 1)
        {
            throw DomainException.Invalid("The significance level must be in (0, 1) and the dataset drift share in (0, 1].");
        }

        if (t.Bins is < 2 or > MaxBins || t.MinimumSamples < 2)
        {
            throw DomainException.Invalid($"Bins must be 2–{MaxBins} and the minimum sample size at least 2.");
        }
    }

    private static DriftThresholds WithBins(DriftThresholds t, int? bins)
    {
        if (bins is null)
        {
            return t;
        }

        return bins is < 2 or > MaxBins
            ? throw DomainException.Invalid($"'bins' must be between 2 and {MaxBins}.")
            : t with { Bins = bins.Value };
    }

    private static DriftWindow Window(Dictionary<string, JsonElement[]> values, HashSet<string> categorical, string windowName)
    {
        var numeric = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var categories = new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        foreach (var (name, cells) in values)
        {
            if (categorical.Contains(name))
            {
                categories[name] = cells.Select(c => c.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.String => MissingValues.IsMissing(c.GetString()) ? null : c.GetString(),
                    _ => c.GetRawText(),
                }).ToList();
                continue;
            }

            numeric[name] = cells.Select((c, i) => c.ValueKind switch
            {
                JsonValueKind.Number => c.TryGetDouble(out var x) && MissingValues.IsUsable(x)
                    ? x
                    : throw DomainException.Invalid($"Feature '{name}' in the {windowName} window has the value {Shorten(c.GetRawText())} at index {i}; values beyond ±{MissingValues.MaxMagnitude:0e0} are refused."),
                JsonValueKind.Null or JsonValueKind.Undefined => double.NaN,
                JsonValueKind.String when MissingValues.IsMissing(c.GetString()) => double.NaN,
                _ => throw DomainException.Invalid($"Feature '{name}' in the {windowName} window has a non-numeric value {Shorten(c.GetRawText())} at index {i}; mark categorical features in 'categorical'."),
            }).ToArray();
        }

        return new DriftWindow { Numeric = numeric, Categorical = categories };
    }

    private static int RowCount(Dictionary<string, JsonElement[]> window, string name, DriftThresholds thresholds)
    {
        var rows = window.Values.Max(v => v.Length);
        return rows < thresholds.MinimumSamples
            ? throw DomainException.Invalid($"The {name} window has {rows} values; a drift check needs at least {thresholds.MinimumSamples}.")
            : rows;
    }

    private static string Shorten(string s) => s.Length > 30 ? s[..30] + "…" : s;

    private static DriftReportSummary Summarize(DriftReport r) =>
        new(r.Id, r.ModelName, r.Version, r.CreatedAt, r.CreatedBy, r.DatasetDrift, r.DriftShare, r.MaxSeverity, r.MaxPsi, r.Recommendation);
}
