using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Scale.Bench;

/// <summary>How big the seeded registry is: one model with <see cref="Versions"/> versions among <see cref="Models"/> models.</summary>
internal sealed record ScaleShape(int Versions, int Models, int AuditEvents)
{
    public const string BigModel = "scale-big";

    public override string ToString() => FormattableString.Invariant($"{Versions:N0} versions of {BigModel}, {Models:N0} models, {AuditEvents:N0} audit events");
}

/// <summary>
/// Builds a portal database at scale: the schema from the app's own migrations, then rows shaped as the app writes them
/// (EF's text forms of GUIDs, dates and enums, the same JSON serializer for metrics and features), inserted through
/// prepared commands in one transaction per table, and an audit chain sealed with the portal's key so the app appends
/// to it and verify accepts it.
/// </summary>
internal static class ScaleDatabase
{
    private static readonly string[] TagPool = ["cards", "fraud", "risk", "pricing", "churn", "retail", "credit", "vision", "nlp", "forecast",
        "marketing", "ops", "pilot", "eu", "us", "apac", "batch", "realtime", "legacy", "gpu"];

    private static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Builds the database file at <paramref name="path"/> (a template each run copies), unless one of this shape exists.</summary>
    public static async Task BuildAsync(string path, byte[] key, ScaleShape shape)
    {
        var marker = path + ".shape";
        if (File.Exists(path) && File.Exists(marker) && File.ReadAllText(marker) == shape.ToString())
        {
            Console.WriteLine($"Reusing {path} ({shape}).");
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        foreach (var file in new[] { path, path + "-wal", path + "-shm", marker }.Where(File.Exists))
        {
            File.Delete(file);
        }

        var watch = Stopwatch.StartNew();
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path}").Options;
        await using (var db = new SqlitePortalDbContext(options, new AuditKey(key)))
        {
            await db.Database.MigrateAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
        var models = await InsertModelsAsync(connection, shape);
        Console.WriteLine($"  models and versions in {watch.Elapsed.TotalSeconds:F1} s");
        await InsertAuditAsync(connection, key, shape, models);
        // Back to a single file (no -wal beside it), so the run script can copy the template.
        await ExecuteAsync(connection, "PRAGMA synchronous=FULL; ANALYZE; PRAGMA journal_mode=DELETE;");
        File.WriteAllText(marker, shape.ToString());
        Console.WriteLine($"Built {path} ({shape}) in {watch.Elapsed.TotalSeconds:F1} s, {new FileInfo(path).Length / 1048576.0:F0} MiB.");
    }

    private static async Task<List<string>> InsertModelsAsync(SqliteConnection connection, ScaleShape shape)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var model = Prepare(connection, tx, "Models",
            "Id", "Name", "Description", "Task", "Owner", "Tags", "Features", "MetricGate", "DriftThresholds", "MetricGateBlocking", "CriticalDriftBlocking", "CreatedAt", "ConcurrencyStamp");
        var version = Prepare(connection, tx, "ModelVersions",
            "Id", "ModelId", "Version", "Major", "Minor", "Patch", "Sha256", "SizeBytes", "ArtifactFileName", "Format", "Metrics", "Hyperparameters",
            "DatasetVersion", "DatasetHash", "ParentVersion", "TrainingRun", "Notes", "Stage", "Healthy", "CreatedBy", "CreatedAt", "ConcurrencyStamp");
        var transition = Prepare(connection, tx, "StageTransitions",
            "Id", "ModelId", "VersionId", "Version", "From", "To", "By", "At", "Reason", "PromotionRequestId");
        var serving = Prepare(connection, tx, "ModelServing",
            "ModelId", "ModelName", "StableVersion", "Shares", "ShadowVersions", "ActiveDeploymentId", "CandidateCapTenths", "UpdatedAt", "UpdatedBy", "ConcurrencyStamp");
        var names = new List<string>(shape.Models);
        var features = Json.Serialize(new List<FeatureDefinition> { new("income", FeatureType.Numeric), new("debt_ratio", FeatureType.Numeric), new("region", FeatureType.Categorical) });
        var gate = Json.Serialize(new MetricGate("auc", 0.8));
        for (var m = 0; m < shape.Models; m++)
        {
            var big = m == 0;
            var name = big ? ScaleShape.BigModel : $"model-{m:D5}";
            names.Add(name);
            var modelId = Guid.NewGuid();
            var created = Start.AddMinutes(m);
            List<string> tags = big ? ["cards", "risk", "realtime"] : [.. new[] { TagPool[m % 20], TagPool[(m * 7 + 3) % 20], TagPool[(m * 13 + 5) % 20] }.Take(1 + (m % 3)).Distinct()];
            await RunAsync(model, Id(modelId), name, $"Synthetic model {m} for the scale benchmark", ((ModelTask)(m % 3)).ToString(), Owner(m),
                Json.Serialize(tags), features, m % 2 == 0 ? gate : null, null, false, false, created, Id(Guid.NewGuid()));

            var count = big ? shape.Versions : 1 + (m % 3);
            string? production = null;
            for (var i = 0; i < count; i++)
            {
                var (major, minor, patch) = (1 + (i / 10_000), i / 100 % 100, i % 100);
                var text = $"{major}.{minor}.{patch}";
                // Big model: the newest ten in Staging, one in Production 50 back, every third older one archived.
                // Others: the newest version of every fourth model is in Production (and served).
                var stage = big
                    ? i >= count - 10 ? Stage.Staging : i == count - 50 ? Stage.Production : i % 3 == 0 ? Stage.Archived : Stage.None
                    : i == count - 1 && m % 4 == 0 ? Stage.Production : Stage.None;
                var versionId = Guid.NewGuid();
                var at = created.AddMinutes(i + 1);
                var auc = 0.70 + (0.25 * ((i * 7919 + m) % 1000) / 1000.0);
                var metrics = Json.Serialize(new Dictionary<string, double> { ["auc"] = Math.Round(auc, 4), ["f1"] = Math.Round(auc - 0.05, 4), ["logLoss"] = Math.Round(1 - auc, 4) });
                var hyper = FormattableString.Invariant($$"""{"trainer":"FastTree","learningRate":{{0.01 * (1 + (i % 20))}},"numberOfLeaves":{{16 + (i % 48)}},"numberOfTrees":{{100 + (i % 400)}}}""");
                await RunAsync(version, Id(versionId), Id(modelId), text, major, minor, patch, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()).PadRight(64, '0'), 2048 + i,
                    "model.zip", "MlNetZip", metrics, hyper, (1 + (i % 5)).ToString(CultureInfo.InvariantCulture), null, i == 0 ? null : PreviousText(i), $"run-{m}-{i}",
                    i % 10 == 0 ? "nightly retraining" : null, stage.ToString(), true, Owner(i), at, Id(Guid.NewGuid()));
                if (stage != Stage.None)
                {
                    await RunAsync(transition, Id(Guid.NewGuid()), Id(modelId), Id(versionId), text, "None", "Staging", Owner(i), at.AddSeconds(30), "ready for review", null);
                    if (stage != Stage.Staging)
                    {
                        await RunAsync(transition, Id(Guid.NewGuid()), Id(modelId), Id(versionId), text, "Staging", stage.ToString(), Owner(i + 1), at.AddSeconds(60), stage == Stage.Archived ? "superseded" : "approved", null);
                    }
                }

                production = stage == Stage.Production ? text : production;
            }

            if (production is not null)
            {
                await RunAsync(serving, Id(modelId), name, production, Json.Serialize(new List<StoredShare> { new(production, 1000) }), "[]", null, 500, created.AddDays(1), "approver@example.com", Id(Guid.NewGuid()));
            }
        }

        await tx.CommitAsync();
        return names;
    }

    private static string PreviousText(int i) => $"{1 + ((i - 1) / 10_000)}.{(i - 1) / 100 % 100}.{(i - 1) % 100}";

    /// <summary>A mix of the portal's own actions over the seeded models, sealed into one chain with a signed head.</summary>
    private static async Task InsertAuditAsync(SqliteConnection connection, byte[] key, ScaleShape shape, List<string> models)
    {
        var watch = Stopwatch.StartNew();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var insert = Prepare(connection, tx, "AuditEvents", "Sequence", "At", "Actor", "Action", "EntityType", "EntityId", "Before", "After", "Reason", "PreviousHash", "Hash");
        var hash = "";
        var span = (DateTime.UtcNow.AddDays(-1) - Start).Ticks / Math.Max(1, shape.AuditEvents);
        for (var i = 0; i < shape.AuditEvents; i++)
        {
            var model = models[(int)((i * 2654435761L) % models.Count)];
            var version = $"1.{i % 7}.{i % 11}";
            var e = (i % 20) switch
            {
                < 8 => Event("version.stage_changed", "version", $"{model}@{version}", """{"stage":"None"}""", """{"stage":"Staging"}""", "ready for review"),
                < 14 => Event("version.registered", "version", $"{model}@{version}", null,
                    $$$"""{"model":"{{{model}}}","version":"{{{version}}}","sha256":"{{{i:x16}}}","sizeBytes":2048,"stage":"None","metrics":{"auc":0.9{{{i % 10}}}}}""", null),
                < 16 => Event("promotion.requested", "promotion", Guid.NewGuid().ToString(), null, $$"""{"model":"{{model}}","version":"{{version}}","targetStage":"Production"}""", "better auc"),
                < 18 => Event("model.updated", "model", model, """{"description":"old"}""", """{"description":"new"}""", null),
                < 19 => Event("apikey.used", "apikey", $"key-{i % 40}", null, null, null),
                _ => Event("promotion.approved", "promotion", Guid.NewGuid().ToString(), """{"status":"Pending"}""", """{"status":"Approved"}""", "checklist passed"),
            };
            e.At = Start.AddTicks(i * span);
            e.Actor = Owner(i);
            AuditChain.Seal(key, e, i, hash);
            hash = e.Hash;
            await RunAsync(insert, e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, e.Before, e.After, e.Reason, e.PreviousHash, e.Hash);
        }

        await using (var head = connection.CreateCommand())
        {
            head.Transaction = tx;
            head.CommandText = "UPDATE AuditChainHeads SET LastSequence = $s, LastHash = $h, Hmac = $m";
            head.Parameters.AddWithValue("$s", (long)shape.AuditEvents);
            head.Parameters.AddWithValue("$h", hash);
            head.Parameters.AddWithValue("$m", AuditChain.ComputeHeadMac(key, shape.AuditEvents, hash));
            await head.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        Console.WriteLine($"  {shape.AuditEvents:N0} audit events in {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static AuditEvent Event(string action, string type, string id, string? before, string? after, string? reason) =>
        new() { Actor = "", Action = action, EntityType = type, EntityId = id, Before = before, After = after, Reason = reason };

    private static string Owner(int i) => $"engineer{i % 25}@example.com";

    // EF Core's SQLite forms: GUIDs as upper-case text, DateTime as "yyyy-MM-dd HH:mm:ss.FFFFFFF" (Microsoft.Data.Sqlite's own).
    private static string Id(Guid id) => id.ToString().ToUpperInvariant();

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string table, params string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" });
        }

        command.Prepare();
        return command;
    }

    private static Task<int> RunAsync(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
