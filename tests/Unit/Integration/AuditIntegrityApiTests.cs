using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ModelLifecycle.Portal.Audit;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>The real app with its key in a file outside the data folder and a checkpoint every 3 events.</summary>
public sealed class AuditIntegrityApp : IAsyncDisposable
{
    public AuditIntegrityApp()
    {
        Directory.CreateDirectory(Outside);
        File.WriteAllText(KeyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        App = new PortalApp
        {
            Settings = new Dictionary<string, string>
            {
                ["Portal:Audit:KeyFile"] = KeyFile,
                ["Portal:Audit:CheckpointDirectory"] = CheckpointDirectory,
                ["Portal:Audit:CheckpointEvents"] = "3",
            },
        };
    }

    public string Outside { get; } = Path.Combine(Path.GetTempPath(), $"ml-it-keys-{Guid.NewGuid():N}");

    public string KeyFile => Path.Combine(Outside, "audit.key");

    public string CheckpointDirectory => Path.Combine(Outside, "checkpoints");

    public PortalApp App { get; }

    public string DatabasePath => Path.Combine(App.DataDirectory, "portal.db");

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Outside, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

/// <summary>
/// Tampering with the SQLite file of the running portal, and the offline export check, over HTTP. Each test gets its
/// own app because tampering breaks the chain for good.
/// </summary>
public sealed class AuditIntegrityApiTests
{
    [Fact]
    public async Task Head_rewind_in_the_sqlite_file_is_reported_by_verify()
    {
        await using var it = new AuditIntegrityApp();
        using var admin = await it.App.ClientForAsync(PortalApp.AdminEmail);
        await CreateModelsAsync(admin, 2);
        Assert.True((await VerifyAsync(admin)).GetProperty("valid").GetBoolean());

        Execute(it.DatabasePath, """
            DELETE FROM AuditEvents WHERE Sequence = (SELECT MAX(Sequence) FROM AuditEvents);
            UPDATE AuditChainHeads SET LastSequence = (SELECT MAX(Sequence) FROM AuditEvents),
                                       LastHash = (SELECT Hash FROM AuditEvents ORDER BY Sequence DESC LIMIT 1);
            """);

        var verify = await VerifyAsync(admin);
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Equal("HeadHmac", verify.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task Tail_truncation_with_a_restored_signed_head_is_reported_against_the_checkpoint()
    {
        await using var it = new AuditIntegrityApp();
        using var admin = await it.App.ClientForAsync(PortalApp.AdminEmail);
        await CreateModelsAsync(admin, 1);
        // The attacker copies the signed head row now, and puts it back after deleting what came later.
        var (sequence, hash, mac) = Head(it.DatabasePath);
        await CreateModelsAsync(admin, 4);
        var checkpoints = File.ReadAllLines(Path.Combine(it.CheckpointDirectory, "audit-checkpoints.jsonl"));
        var latest = checkpoints.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64()).Max();
        Assert.True(latest > sequence);

        Execute(it.DatabasePath, $"""
            DELETE FROM AuditEvents WHERE Sequence > {sequence};
            UPDATE AuditChainHeads SET LastSequence = {sequence}, LastHash = '{hash}', Hmac = '{mac}';
            """);

        var verify = await VerifyAsync(admin);
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Equal("Checkpoint", verify.GetProperty("problem").GetString());
        Assert.Contains($"shorter than checkpoint {latest}", verify.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_verifies_offline_with_the_command_and_a_tampered_cell_is_reported()
    {
        await using var it = new AuditIntegrityApp();
        using var admin = await it.App.ClientForAsync(PortalApp.AdminEmail);
        await CreateModelsAsync(admin, 3);

        var export = await admin.GetAsync("/api/v1/audit/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.StartsWith("sequence,at,actor,action,entityType,entityId,before,after,reason,previousHash,hash\r\n", csv, StringComparison.Ordinal);
        var file = Path.Combine(it.Outside, "audit.csv");
        await File.WriteAllTextAsync(file, csv);

        var (ok, okOut, _) = await RunAsync("audit", "verify-export", "--file", file, "--key-file", it.KeyFile);
        Assert.Equal(0, ok);
        Assert.StartsWith("OK:", okOut, StringComparison.Ordinal);

        // The key can come from configuration instead of a file.
        var key = await File.ReadAllTextAsync(it.KeyFile);
        Assert.Equal(0, (await RunAsync("audit", "verify-export", "--file", file, $"--Portal:Audit:Key={key.Trim()}")).Code);

        var lines = csv.Split("\r\n");
        var victim = Array.FindIndex(lines, l => l.Contains("\"model.created\"", StringComparison.Ordinal));
        lines[victim] = lines[victim].Replace("model.created", "model.deleted", StringComparison.Ordinal);
        Assert.NotEqual(csv, string.Join("\r\n", lines));
        await File.WriteAllTextAsync(file, string.Join("\r\n", lines));
        var (broken, _, error) = await RunAsync("audit", "verify-export", "--file", file, "--key-file", it.KeyFile);
        Assert.Equal(1, broken);
        Assert.Contains($"Row {victim + 1} ", error, StringComparison.Ordinal);

        var (usage, _, _) = await RunAsync("audit", "verify-export");
        Assert.Equal(2, usage);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AuditExportVerifier.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task CreateModelsAsync(HttpClient client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var created = await client.PostAsJsonAsync("/api/v1/models", new
            {
                name = $"m{Guid.NewGuid():N}"[..12],
                task = "binary_classification",
                description = "it",
                features = new[] { new { name = "tenure", type = "numeric" } },
                metricGate = new { metric = "auc", threshold = 0.85 },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/audit/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static (long Sequence, string Hash, string Mac) Head(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT LastSequence, LastHash, Hmac FROM AuditChainHeads";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
