using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>
/// Runs a crash left behind: found at start, marked interrupted, then re-queued (default) or failed (by setting).
/// One test kills the real portal process in the middle of a training job.
/// </summary>
public sealed class TrainingRecoveryTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_run_left_processing_without_a_live_job_is_interrupted_and_requeued_until_it_succeeds()
    {
        using var engineer = await app.UserAsync($"eng{Guid.NewGuid():N}"[..9] + "@it.test", "Engineer");
        var model = await TrainingSetup.CreditModelAsync(engineer, gate: null);
        await TrainingSetup.AddDatasetAsync(app, model, DemoDatasets.CreditRisk(600, 12));
        var run = await LeftBehindAsync(model, TrainingRunState.Processing, hangfireJobId: "lost-in-the-crash");

        Assert.True(await app.Services.GetRequiredService<TrainingService>().RecoverInterruptedAsync(CancellationToken.None) >= 1);

        var job = await TrainingSetup.WaitAsync(engineer, run, "succeeded");
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        Assert.NotEqual("lost-in-the-crash", job.GetProperty("hangfireJobId").GetString());
        var actions = await ActionsAsync(run);
        Assert.Equal(["training.interrupted", "training.requeued", "training.started", "training.succeeded"], actions.Where(a => a != "training.launched"));
    }

    [Fact]
    public async Task With_on_interrupted_fail_the_run_is_failed_and_not_queued_again()
    {
        using var engineer = await app.UserAsync($"eng{Guid.NewGuid():N}"[..9] + "@it.test", "Engineer");
        var model = await TrainingSetup.CreditModelAsync(engineer, gate: null);
        await TrainingSetup.AddDatasetAsync(app, model, DemoDatasets.CreditRisk(300, 13));
        var processing = await LeftBehindAsync(model, TrainingRunState.Processing, hangfireJobId: "gone");
        var queued = await LeftBehindAsync(model, TrainingRunState.Enqueued, hangfireJobId: null);
        var failing = new TrainingService(
            app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            app.Services.GetRequiredService<ITrainingQueue>(),
            app.Services.GetRequiredService<AuditTrail>(),
            TimeProvider.System,
            Options.Create(new TrainingOptions { OnInterrupted = TrainingOptions.Fail }));

        await failing.RecoverInterruptedAsync(CancellationToken.None);

        foreach (var id in new[] { processing, queued })
        {
            var job = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
            Assert.Equal("failed", job.GetProperty("state").GetString());
            Assert.Contains("OnInterrupted", job.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal(["training.interrupted", "training.failed"], await ActionsAsync(id));
        }
    }

    [Fact]
    public async Task Killing_the_portal_during_training_leaves_nothing_half_done_and_the_next_start_requeues_the_run()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"ml-crash-{Guid.NewGuid():N}");
        try
        {
            string model;
            Guid jobId;
            string datasetSha;
            await using (var first = await PortalProcess.StartAsync(dataDirectory))
            {
                using var admin = await first.ClientAsync();
                model = await TrainingSetup.CreditModelAsync(admin, gate: null);
                datasetSha = await first.AddDatasetAsync(model, DemoDatasets.CreditRisk(6000, 21));
                var launched = await admin.PostAsJsonAsync($"/api/v1/models/{model}/retrain", new { datasetVersion = 1, trials = 12, seed = 3 });
                Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);
                jobId = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
                await TrainingSetup.WaitAsync(admin, jobId, "processing", j => j.GetProperty("progress").GetProperty("trial").GetInt32() >= 1);

                first.Kill();
            }

            await using var second = await PortalProcess.StartAsync(dataDirectory);
            using var client = await second.ClientAsync();
            var job = await TrainingSetup.WaitAsync(client, jobId, "succeeded", minutes: 5);
            Assert.Equal(2, job.GetProperty("attempts").GetInt32());
            Assert.Equal(12, job.GetProperty("progress").GetProperty("trial").GetInt32());

            var audit = await client.GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityType=training&entityId={jobId}&pageSize=50");
            var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Reverse().ToList();
            Assert.Equal(["training.launched", "training.started", "training.interrupted", "training.requeued", "training.started", "training.succeeded"], actions);

            // Only the second attempt registered a version; the store holds its artifact and the dataset, nothing else.
            var versions = await client.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/versions");
            var version = Assert.Single(versions.GetProperty("items").EnumerateArray());
            Assert.Equal(jobId.ToString(), version.GetProperty("trainingRun").GetString());
            var stored = Directory.EnumerateFiles(Path.Combine(dataDirectory, "artifacts"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(new[] { datasetSha, version.GetProperty("sha256").GetString() }.Order().ToList(), stored);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    private async Task<Guid> LeftBehindAsync(string model, TrainingRunState state, string? hangfireJobId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var m = await db.Models.SingleAsync(x => x.Name == model);
        var run = new TrainingRun
        {
            ModelId = m.Id,
            ModelName = model,
            State = state,
            HangfireJobId = hangfireJobId,
            DatasetVersion = 1,
            TrainerFamily = "FastTree",
            Trials = 2,
            TotalTrials = 2,
            Seed = 1,
            Trigger = "manual",
            Objective = "auc",
            Attempts = state == TrainingRunState.Processing ? 1 : 0,
            TrialsCompleted = state == TrainingRunState.Processing ? 1 : 0,
            RequestedBy = "crashed@it.test",
            RequestedById = "crashed-user",
            CreatedAt = DateTime.UtcNow,
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    private async Task<List<string>> ActionsAsync(Guid run)
    {
        var audit = app.Services.GetRequiredService<AuditTrail>();
        var page = await audit.QueryAsync(new AuditQuery("training", run.ToString()), new Domain.Common.PageRequest(1, 50), CancellationToken.None);
        return [.. page.Items.OrderBy(e => e.Sequence).Select(e => e.Action)];
    }

    /// <summary>The built portal (Portal.dll) as its own process on a free port, on a given data folder.</summary>
    private sealed class PortalProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();

        private PortalProcess(Process process, string baseUrl, string dataDirectory)
        {
            this.process = process;
            BaseUrl = baseUrl;
            DataDirectory = dataDirectory;
        }

        public string BaseUrl { get; }

        public string DataDirectory { get; }

        public static async Task<PortalProcess> StartAsync(string dataDirectory)
        {
            var portalDir = Path.Combine(Root(), "src", "Portal");
            var dll = Path.Combine(portalDir, "bin", "Debug", "net10.0", "Portal.dll");
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = portalDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(dll);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add($"http://127.0.0.1:{port}");
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
            start.Environment["Portal__DataDirectory"] = dataDirectory;
            start.Environment["Portal__Admin__Email"] = PortalApp.AdminEmail;
            start.Environment["Portal__Admin__Password"] = PortalApp.Password;
            start.Environment["Portal__SeedDemo"] = "false";
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            var portal = new PortalProcess(process, $"http://127.0.0.1:{port}", dataDirectory);
            process.OutputDataReceived += (_, e) => portal.Append(e.Data);
            process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await portal.WaitHealthyAsync();
            return portal;
        }

        public async Task<HttpClient> ClientAsync()
        {
            var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
            var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = PortalApp.AdminEmail, password = PortalApp.Password });
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        /// <summary>Puts the CSV into the portal's artifact store and adds dataset version 1 to its database.</summary>
        public async Task<string> AddDatasetAsync(string model, TabularDataset data)
        {
            var stored = await new LocalArtifactStore(Path.Combine(DataDirectory, "artifacts")).PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(data.ToCsv())), CancellationToken.None);
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "portal.db")};Pooling=False");
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO Datasets (Id, ModelId, ModelName, Version, Sha256, SizeBytes, FileName, RowCount, Summary, Source, Notes, CreatedBy, CreatedAt)
                SELECT $id, Id, Name, 1, $sha, $size, 'crash.csv', $rows, '{"features":[],"labels":[]}', 'test', NULL, 'test', $at FROM Models WHERE Name = $model
                """;
            insert.Parameters.AddWithValue("$id", Guid.NewGuid().ToString().ToUpperInvariant());
            insert.Parameters.AddWithValue("$sha", stored.Sha256);
            insert.Parameters.AddWithValue("$size", stored.SizeBytes);
            insert.Parameters.AddWithValue("$rows", data.Rows);
            insert.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$model", model);
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            return stored.Sha256;
        }

        /// <summary>A crash: the whole process tree dies at once, no shutdown hooks.</summary>
        public void Kill()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        private async Task WaitHealthyAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (DateTime.UtcNow < deadline)
            {
                Assert.False(process.HasExited, $"The portal exited:\n{Output}");
                try
                {
                    if ((await http.GetAsync($"{BaseUrl}/health")).StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }

                await Task.Delay(300);
            }

            Assert.Fail($"The portal did not become healthy:\n{Output}");
        }

        private string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static string Root()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelLifecycle.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new DirectoryNotFoundException("ModelLifecycle.sln not found.");
        }
    }
}
