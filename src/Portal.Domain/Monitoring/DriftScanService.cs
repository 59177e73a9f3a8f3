using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// Live-traffic monitoring of a model: its settings (schedule, reference, trigger rule), the drift scan of its serving
/// version's prediction log against a reference (stored as an ordinary drift report marked <c>scan</c>, with concept
/// and performance drift), the alerts a scan raises, and the retraining trigger.
/// </summary>
public sealed class DriftScanService(
    IDbContextFactory<PortalDbContext> contexts,
    AuditTrail audit,
    TimeProvider clock,
    DatasetService datasets,
    TrainingService training,
    IDriftScanScheduler scheduler,
    MonitoringReferences uploadedReferences,
    IOptions<MonitoringOptions> options)
{
    public const string DriftTrigger = "drift";

    public async Task<MonitoringSettingsView> SettingsAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var settings = await db.MonitoringSettings.AsNoTracking().SingleOrDefaultAsync(s => s.ModelId == model.Id, ct);
        return settings is null ? MonitoringSettingsView.From(Defaults(model), stored: false) : MonitoringSettingsView.From(settings);
    }

    public async Task<MonitoringSettingsView> SetSettingsAsync(string modelName, MonitoringSettingsInput? input, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        input ??= new MonitoringSettingsInput();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var existing = await db.MonitoringSettings.SingleOrDefaultAsync(s => s.ModelId == model.Id, ct);
        var before = existing is null ? null : MonitoringSettingsView.From(existing);
        var s = existing ?? Defaults(model);

        if (input.Cron is not null)
        {
            s.Cron = string.IsNullOrWhiteSpace(input.Cron) ? null : FieldLimits.Check(input.Cron.Trim(), FieldLimits.Cron, "cron");
        }

        if (input.Reference is { } reference)
        {
            s.Reference = Enum.TryParse<ScanReference>(reference, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(reference, out _)
                ? parsed
                : throw DomainException.Invalid($"reference: '{Shorten(reference)}' is not one of auto, dataset, log, csv.");
        }

        s.ReferenceDays = Range(input.ReferenceDays ?? s.ReferenceDays, 1, 365, "referenceDays");
        s.CurrentHours = Range(input.CurrentHours ?? s.CurrentHours, 1, 24 * 90, "currentHours");
        s.TriggerEnabled = input.RetrainTrigger ?? s.TriggerEnabled;
        s.TriggerOnDatasetDrift = input.TriggerOnDatasetDrift ?? s.TriggerOnDatasetDrift;
        s.TriggerDriftShare = input.TriggerDriftShare ?? s.TriggerDriftShare;
        if (!(s.TriggerDriftShare > 0 && s.TriggerDriftShare <= 1))
        {
            throw DomainException.Invalid("triggerDriftShare: a share of features in (0, 1], e.g. 0.3 for 30 %.");
        }

        s.PerformanceDropPoints = input.PerformanceDropPoints ?? s.PerformanceDropPoints;
        if (!(s.PerformanceDropPoints > 0 && s.PerformanceDropPoints <= 100))
        {
            throw DomainException.Invalid("performanceDropPoints: points in (0, 100], e.g. 5.");
        }

        s.CooldownHours = Range(input.CooldownHours ?? s.CooldownHours, 1, 24 * 365, "cooldownHours");
        s.SetBy = actor.Name;
        s.SetById = actor.Id;
        s.SetAt = clock.GetUtcNow().UtcDateTime;
        s.ConcurrencyStamp = Guid.NewGuid();

        // The scheduler validates the cron before anything is saved; a bad expression is a 400 naming "cron".
        if (s.Cron is not null)
        {
            scheduler.Schedule(model.Name, s.Cron);
        }
        else
        {
            scheduler.Unschedule(model.Name);
        }

        if (existing is null)
        {
            db.MonitoringSettings.Add(s);
        }

        var view = MonitoringSettingsView.From(s);
        audit.Record(db, actor, "monitoring.settings_changed", "model", model.Name, before, view);
        await db.SaveChangesAsync(ct);
        return view;
    }

    /// <summary>Registers every stored scan schedule with the scheduler (in-memory job storage forgets them at a restart).</summary>
    public async Task<int> RegisterSchedulesAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var schedules = await db.MonitoringSettings.AsNoTracking().Where(s => s.Cron != null).Select(s => new { s.ModelName, s.Cron }).ToListAsync(ct);
        foreach (var s in schedules)
        {
            scheduler.Schedule(s.ModelName, s.Cron!);
        }

        return schedules.Count;
    }

    /// <summary>The model's scan reports, newest first.</summary>
    public async Task<Paged<DriftReportSummary>> ScansAsync(string modelName, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var q = db.DriftReports.AsNoTracking().Where(r => r.ModelId == model.Id && r.Source == DriftReport.ScanSource);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).Skip(page.Skip).Take(page.SafeSize)
            .Select(r => new DriftReportSummary(r.Id, r.ModelName, r.Version, r.CreatedAt, r.CreatedBy, r.DatasetDrift, r.DriftShare, r.MaxSeverity, r.MaxPsi, r.Recommendation))
            .ToListAsync(ct);
        return new Paged<DriftReportSummary>(rows, total, page.SafePage, page.SafeSize);
    }

    /// <summary>The trigger's history: its RetrainTrigger alerts (fired with the job, or the stored intent), newest first.</summary>
    public async Task<IReadOnlyList<TriggerHistoryItem>> TriggerHistoryAsync(string modelName, int take, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        return await db.Alerts.AsNoTracking().Where(a => a.ModelId == model.Id && a.Kind == AlertKind.RetrainTrigger)
            .OrderByDescending(a => a.RaisedAt).Take(Math.Clamp(take, 1, 200))
            .Select(a => new TriggerHistoryItem(a.Id, a.RaisedAt, a.Version, a.Title, a.SourceType, a.SourceId, a.AcknowledgedAt == null))
            .ToListAsync(ct);
    }

    /// <summary>The recurring job's entry: scans as the system; a window with nothing to compare is logged, not retried.</summary>
    public async Task<ScanResult?> ScheduledScanAsync(string modelName, CancellationToken ct)
    {
        try
        {
            return await ScanAsync(modelName, Actor.System, ct);
        }
        catch (DomainException ex) when (ex.Kind is FailureKind.Conflict or FailureKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Scans the model's serving (stable) version: the last <c>currentHours</c> of its predictions against the reference,
    /// stored as a drift report with its alerts and the trigger's claim in one transaction. A current window (or
    /// reference) below the drift minimum sample size stores nothing: 409 saying what is missing.
    /// </summary>
    public async Task<ScanResult> ScanAsync(string modelName, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        var opts = options.Value;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        if (model.Features.Count == 0)
        {
            throw DomainException.Conflict($"'{model.Name}' has no feature schema; a scan compares features.");
        }

        var version = await db.ModelServing.AsNoTracking().Where(s => s.ModelId == model.Id).Select(s => s.StableVersion).SingleOrDefaultAsync(ct)
            ?? throw DomainException.Conflict($"'{model.Name}' is not deployed: a scan reads the prediction log of the version it serves.");
        var versionRow = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.ModelId == model.Id && v.Version == version, ct);
        var settings = await db.MonitoringSettings.SingleOrDefaultAsync(s => s.ModelId == model.Id, ct) ?? Defaults(model);
        var thresholds = model.DriftThresholds ?? DriftThresholds.Default;
        var now = clock.GetUtcNow().UtcDateTime;
        var from = now.AddHours(-settings.CurrentHours);

        var currentCount = await db.Predictions.CountAsync(p => p.ModelId == model.Id && p.Version == version && p.At >= from && p.At < now, ct);
        if (currentCount < thresholds.MinimumSamples)
        {
            throw DomainException.Conflict(
                $"The current window (the last {settings.CurrentHours} h of version {version}) holds {currentCount} predictions; a scan needs at least {thresholds.MinimumSamples}. Nothing was stored.");
        }

        var reference = await ReferenceAsync(db, model, versionRow, settings, thresholds, from, ct);
        var current = new CurrentWindow(reference, model.Task, thresholds);
        var chunk = new LogChunk(model.Features, opts.ChunkSize);
        await foreach (var page in PredictionLogPages.ReadAsync(db, model.Id, version, from, now, chunk, long.MaxValue, ct))
        {
            current.Add(page);
        }

        var result = current.Report();
        var performance = current.Performance(versionRow.Metrics, settings.PerformanceDropPoints);
        var origin = new DriftReportOrigin(model.Id, model.Name, version, now, actor.Name,
            Shorten(reference.Source, FieldLimits.FileName),
            Shorten(string.Create(CultureInfo.InvariantCulture, $"log {version}: last {settings.CurrentHours} h ({from:yyyy-MM-dd HH:mm}–{now:yyyy-MM-dd HH:mm} UTC)"), FieldLimits.FileName),
            DriftReport.ScanSource);
        var report = DriftReport.From(origin, result, reference.Rows, (int)Math.Min(int.MaxValue, current.Rows), [.. current.Distributions(model.Features)]);
        report.Performance = performance;
        report.ReferenceKind = reference.Kind.ToString().ToLowerInvariant();
        db.DriftReports.Add(report);
        audit.Record(db, actor, "drift.report_stored", "drift_report", report.Id.ToString(), null,
            new { report.ModelName, report.Version, report.Source, report.ReferenceSource, report.CurrentSource, report.DatasetDrift, report.DriftShare, MaxSeverity = report.MaxSeverity.ToString() },
            report.Recommendation);

        var raised = await RaiseAlertsAsync(db, model, report, performance, now, ct);

        // The trigger: the rule, then the cooldown claimed in this same transaction (a concurrent scan's claim loses on
        // the settings' concurrency stamp), then the job queued after the commit.
        var reasons = RetrainTriggerRule.Reasons(settings, report.DatasetDrift, report.DriftShare, performance);
        var outcome = TriggerOutcome.NotTriggered;
        var detail = settings.TriggerEnabled ? "the rule did not hold" : "the retraining trigger is off";
        int? datasetVersion = null;
        if (reasons.Count > 0)
        {
            var why = string.Join("; ", reasons);
            if (RetrainTriggerRule.CoolingUntil(settings, now) is { } until)
            {
                outcome = TriggerOutcome.Suppressed;
                detail = string.Create(CultureInfo.InvariantCulture, $"{why}: suppressed, cooling down until {until:yyyy-MM-dd HH:mm} UTC");
                audit.Record(db, actor, "monitoring.retrain_suppressed", "model", model.Name, null, new { report = report.Id, reasons, coolingUntil = until });
            }
            else
            {
                var before = settings.LastTriggeredAt;
                settings.LastTriggeredAt = now;
                settings.ConcurrencyStamp = Guid.NewGuid();
                if (db.Entry(settings).State == EntityState.Detached)
                {
                    db.MonitoringSettings.Add(settings);
                }

                datasetVersion = await db.Datasets.AsNoTracking().Where(d => d.ModelId == model.Id).OrderByDescending(d => d.Version).Select(d => (int?)d.Version).FirstOrDefaultAsync(ct);
                audit.Record(db, actor, "monitoring.retrain_triggered", "model", model.Name, new { lastTriggeredAt = before }, new { report = report.Id, reasons, datasetVersion, lastTriggeredAt = now });
                if (datasetVersion is null)
                {
                    outcome = TriggerOutcome.Intent;
                    detail = $"{why}: retraining wanted, but '{model.Name}' has no dataset to train on (stored as an alert)";
                    AlertLedger.Raise(db, audit, model.Id, model.Name, version, AlertKind.RetrainTrigger, AlertSeverity.High,
                        $"{model.Name} {version}: retraining wanted ({why}), no dataset to train on", new { report = report.Id, reasons }, "drift-report", report.Id.ToString(), now);
                    raised.Add(AlertKind.RetrainTrigger.ToString());
                }
                else
                {
                    outcome = TriggerOutcome.Fired;
                    detail = $"{why}: retraining queued on dataset version {datasetVersion}";
                }
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict($"Another scan of '{model.Name}' changed its trigger state at the same time; nothing was stored. Scan again.");
        }

        Guid? jobId = null;
        if (outcome == TriggerOutcome.Fired)
        {
            (outcome, detail, jobId) = await LaunchRetrainingAsync(model, version, settings, datasetVersion!.Value, report.Id, reasons, detail, now, ct);
            raised.Add(AlertKind.RetrainTrigger.ToString());
        }

        return new ScanResult(DriftReportView.From(report), raised, outcome, detail, jobId);
    }

    private async Task<(TriggerOutcome, string, Guid?)> LaunchRetrainingAsync(
        Model model, string version, MonitoringSettings settings, int datasetVersion, Guid reportId, IReadOnlyList<string> reasons, string detail, DateTime now, CancellationToken ct)
    {
        // Launched as the person who set the rule (as a schedule is), so the run and its audit name who asked for it.
        var launcher = settings.SetById == Actor.System.Id
            ? Actor.System
            : new Actor(settings.SetById, settings.SetBy, new HashSet<string> { PortalRoles.Engineer });
        var why = string.Join("; ", reasons);
        Guid? jobId = null;
        string title;
        string? sourceType, sourceId;
        var outcome = TriggerOutcome.Fired;
        try
        {
            var run = await training.LaunchAsync(model.Name, new RetrainInput(datasetVersion, options.Value.RetrainTrials, 0), DriftTrigger, launcher, ct);
            jobId = run.JobId;
            title = $"{model.Name} {version}: retraining queued ({why})";
            (sourceType, sourceId) = ("training-run", run.JobId.ToString());
        }
        catch (DomainException ex)
        {
            outcome = TriggerOutcome.Intent;
            detail = $"{why}: retraining wanted, but the launch was refused: {ex.Message}";
            title = $"{model.Name} {version}: retraining wanted ({why}), launch refused";
            (sourceType, sourceId) = ("drift-report", reportId.ToString());
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        AlertLedger.Raise(db, audit, model.Id, model.Name, version, AlertKind.RetrainTrigger, outcome == TriggerOutcome.Fired ? AlertSeverity.Info : AlertSeverity.High,
            title, new { report = reportId, reasons, datasetVersion, jobId, detail }, sourceType, sourceId, now);
        await db.SaveChangesAsync(ct);
        return (outcome, detail, jobId);
    }

    /// <summary>
    /// Alerts of a scan, in its unit of work: drift through <see cref="DriftAlerts"/> (the one home of drift alerts, for
    /// uploads and scans alike), a performance drop beyond the model's threshold here. One open alert per model, kind
    /// and version: while one is open a later scan finding the same thing adds nothing.
    /// </summary>
    private async Task<List<string>> RaiseAlertsAsync(PortalDbContext db, Model model, DriftReport report, PerformanceDriftResult performance, DateTime now, CancellationToken ct)
    {
        var raised = new List<string>();
        if (await DriftAlerts.RaiseForAsync(db, audit, report, now, ct) is { } drift)
        {
            raised.Add(drift.Kind.ToString());
        }

        if (performance is { Dropped: true, DropPoints: { } drop } && !await AlertLedger.IsOpenAsync(db, model.Id, report.Version, AlertKind.PerformanceDrop, ct))
        {
            AlertLedger.Raise(db, audit, model.Id, model.Name, report.Version, AlertKind.PerformanceDrop, AlertSeverity.High,
                string.Create(CultureInfo.InvariantCulture, $"{model.Name} {report.Version}: live performance dropped {drop:0.##} points against training ({performance.Labelled} labelled predictions)"),
                new { report = report.Id, performance.Metrics, performance.DropPoints, performance.Threshold }, AlertSources.DriftReport, report.Id.ToString(), now);
            raised.Add(nameof(AlertKind.PerformanceDrop));
        }

        return raised;
    }

    /// <summary>
    /// The reference of a scan, in the order the settings allow: the version's training dataset (its lineage's hash, else
    /// its dataset version number), else the first <c>referenceDays</c> of the version's log (ending where the current
    /// window begins), else the model's uploaded reference CSV. A dataset (or a CSV without a <c>score</c> column) has no
    /// scores, so its concept drift compares the log window's scores when it has enough.
    /// </summary>
    private async Task<ReferenceProfile> ReferenceAsync(
        PortalDbContext db, Model model, ModelVersion version, MonitoringSettings settings, DriftThresholds thresholds, DateTime currentFrom, CancellationToken ct)
    {
        var missing = new List<string>();
        var first = await db.Predictions.AsNoTracking().Where(p => p.ModelId == model.Id && p.Version == version.Version).MinAsync(p => (DateTime?)p.At, ct);
        var logEnd = first is { } f ? Min(f.AddDays(settings.ReferenceDays), currentFrom) : (DateTime?)null;
        if (settings.Reference is ScanReference.Auto or ScanReference.Dataset)
        {
            if (await TrainingDatasetAsync(db, model, version, ct) is { } datasetVersion)
            {
                var (content, dataset) = await datasets.OpenAsync(model.Name, datasetVersion, ct);
                DriftWindow window;
                await using (content)
                {
                    window = DriftCsv.Read(content, model.Features, "reference");
                }

                var profile = ReferenceProfile.From($"dataset v{dataset.Version} ({dataset.FileName})", window, model.Features, thresholds) with { Kind = ScanReference.Dataset };
                if (profile.Rows >= thresholds.MinimumSamples)
                {
                    return first is { } start && logEnd > start ? await WithLogScoresAsync(db, model, version.Version, profile, start, logEnd.Value, thresholds, ct) : profile;
                }

                missing.Add($"its training dataset v{dataset.Version} has {profile.Rows} rows");
            }
            else
            {
                missing.Add($"version {version.Version} names no stored training dataset in its lineage");
            }
        }

        if (settings.Reference is ScanReference.Auto or ScanReference.Log)
        {
            if (first is { } start && logEnd > start)
            {
                var profile = await LogReferenceAsync(db, model, version.Version, start, logEnd.Value, thresholds, ct);
                if (profile.Rows >= thresholds.MinimumSamples)
                {
                    return profile;
                }

                missing.Add($"its first {settings.ReferenceDays} days of predictions before the current window hold {profile.Rows} rows");
            }
            else
            {
                missing.Add($"version {version.Version} has no predictions logged before the current window");
            }
        }

        if (settings.Reference is ScanReference.Auto or ScanReference.Csv)
        {
            var (uploaded, problem) = await uploadedReferences.ProfileAsync(db, model, thresholds, ct);
            if (uploaded is { } profile && profile.Rows >= thresholds.MinimumSamples)
            {
                return profile.Scores is null && first is { } start && logEnd > start
                    ? await WithLogScoresAsync(db, model, version.Version, profile, start, logEnd.Value, thresholds, ct)
                    : profile;
            }

            missing.Add(problem ?? $"the uploaded reference CSV has {uploaded?.Rows} rows");
        }

        throw DomainException.Conflict(
            $"No reference to compare version {version.Version} of '{model.Name}' with ({string.Join("; ", missing)}; at least {thresholds.MinimumSamples} rows needed). Nothing was stored.");
    }

    private static async Task<int?> TrainingDatasetAsync(PortalDbContext db, Model model, ModelVersion version, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(version.DatasetHash)
            && await db.Datasets.AsNoTracking().Where(d => d.ModelId == model.Id && d.Sha256 == version.DatasetHash).Select(d => (int?)d.Version).FirstOrDefaultAsync(ct) is { } byHash)
        {
            return byHash;
        }

        return int.TryParse(version.DatasetVersion, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            && await db.Datasets.AsNoTracking().AnyAsync(d => d.ModelId == model.Id && d.Version == number, ct)
            ? number
            : null;
    }

    private async Task<ReferenceProfile> LogReferenceAsync(
        PortalDbContext db, Model model, string version, DateTime from, DateTime to, DriftThresholds thresholds, CancellationToken ct)
    {
        var chunk = new LogChunk(model.Features, options.Value.ChunkSize);
        var numeric = chunk.NumericNames.Select(_ => new List<double>()).ToArray();
        var categorical = chunk.CategoricalNames.Select(_ => new List<string?>()).ToArray();
        var scores = new List<double>();
        await foreach (var page in PredictionLogPages.ReadAsync(db, model.Id, version, from, to, chunk, options.Value.MaxReferenceRows, ct))
        {
            for (var i = 0; i < numeric.Length; i++)
            {
                numeric[i].AddRange(page.Numeric[i].AsSpan(0, page.Count));
            }

            for (var i = 0; i < categorical.Length; i++)
            {
                categorical[i].AddRange(page.Categorical[i].AsSpan(0, page.Count));
            }

            scores.AddRange(page.Scores.AsSpan(0, page.Count));
        }

        var window = new DriftWindow
        {
            Numeric = chunk.NumericNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => numeric[x.i].ToArray(), StringComparer.Ordinal),
            Categorical = chunk.CategoricalNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => (IReadOnlyList<string?>)categorical[x.i], StringComparer.Ordinal),
            Scores = [.. scores],
        };
        return ReferenceProfile.From(LogSource(version, from, to), window, model.Features, thresholds);
    }

    private async Task<ReferenceProfile> WithLogScoresAsync(
        PortalDbContext db, Model model, string version, ReferenceProfile profile, DateTime from, DateTime to, DriftThresholds thresholds, CancellationToken ct)
    {
        var scores = await db.Predictions.AsNoTracking()
            .Where(p => p.ModelId == model.Id && p.Version == version && p.At >= from && p.At < to && p.Score != null)
            .OrderBy(p => p.At).Take(options.Value.MaxReferenceRows).Select(p => p.Score!.Value).ToArrayAsync(ct);
        if (scores.Length < thresholds.MinimumSamples)
        {
            return profile;
        }

        var positive = (double)scores.Count(x => x >= thresholds.PositiveScoreThreshold) / scores.Length;
        return profile with
        {
            Source = $"{profile.Source}; scores: {LogSource(version, from, to)}",
            Scores = NumericReference.From(scores, thresholds.Bins),
            PositiveRate = positive,
        };
    }

    private static string LogSource(string version, DateTime from, DateTime to) =>
        string.Create(CultureInfo.InvariantCulture, $"log {version}: {from:yyyy-MM-dd HH:mm}–{to:yyyy-MM-dd HH:mm} UTC");

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static MonitoringSettings Defaults(Model model) => new()
    {
        ModelId = model.Id,
        ModelName = model.Name,
        SetBy = Actor.System.Name,
        SetById = Actor.System.Id,
    };

    private static int Range(int value, int min, int max, string field) =>
        value >= min && value <= max ? value : throw DomainException.Invalid($"{field}: {value} is outside {min}–{max}.");

    private static string Shorten(string s, int max = 40) => s.Length > max ? s[..(max - 1)] + "…" : s;
}
