using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Jobs.Maintenance;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>
/// Tests that measure the process's allocations run alone: <see cref="GC.GetTotalAllocatedBytes"/> counts every thread,
/// so another test class running beside them (79 MB once in CI) would be counted as theirs.
/// </summary>
[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;

/// <summary>Memory and disk stay bounded: streamed uploads and downloads, and the orphan sweep at start and daily.</summary>
[Collection(nameof(AllocationMeasurement))]
public sealed class ArtifactStreamingTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private const long LargeArtifactBytes = 200L << 20;

    /// <summary>Far below one copy of the artifact: a handful of 80 KB buffers per transfer plus the app's own noise.</summary>
    private const long AllowedAllocation = 48L << 20;

    private HttpClient engineer = default!;
    private readonly string model = $"s{Guid.NewGuid():N}"[..12];

    public async Task InitializeAsync()
    {
        engineer = await app.UserAsync($"seng{Guid.NewGuid():N}"[..10] + "@it.test", "Engineer");
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new { name = model, task = "regression" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_large_artifact_uploads_and_downloads_four_times_in_parallel_without_holding_it_in_memory()
    {
        string? path = null;
        try
        {
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var upload = await UploadAsync("1.0.0", new PatternStream(LargeArtifactBytes));
            var uploadAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            var sha = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!;
            path = Path.Combine(app.DataDirectory, "artifacts", sha[..2], sha);
            Assert.True(uploadAllocated < AllowedAllocation, $"upload allocated {uploadAllocated >> 20} MB");

            allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var downloads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DownloadAsync("1.0.0")));
            var downloadAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            Assert.All(downloads, d => Assert.Equal((LargeArtifactBytes, LargeArtifactBytes, sha), d));
            Assert.True(downloadAllocated < AllowedAllocation, $"four downloads allocated {downloadAllocated >> 20} MB");
        }
        finally
        {
            if (path is not null && File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public async Task Start_sweeps_old_orphan_artifacts_and_upload_temp_files_and_keeps_recent_ones()
    {
        await using var fresh = new PortalApp();
        var artifacts = Path.Combine(fresh.DataDirectory, "artifacts");
        var oldOrphan = WriteArtifact(artifacts, new string('a', 64), DateTime.UtcNow.AddDays(-2));
        var recentOrphan = WriteArtifact(artifacts, new string('b', 64), DateTime.UtcNow);
        var crashedUpload = Path.Combine(artifacts, ".upload-crashed");
        await File.WriteAllBytesAsync(crashedUpload, [1, 2, 3]);
        File.SetLastWriteTimeUtc(crashedUpload, DateTime.UtcNow.AddDays(-2));

        using var client = fresh.CreateClient();

        Assert.False(File.Exists(oldOrphan));
        Assert.False(File.Exists(crashedUpload));
        Assert.True(File.Exists(recentOrphan));
    }

    [Fact]
    public async Task Daily_sweep_job_is_scheduled_and_keeps_referenced_artifacts()
    {
        var upload = await UploadAsync("2.0.0", new MemoryStream([9, 8, 7]));
        var sha = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!;
        var artifacts = Path.Combine(app.DataDirectory, "artifacts");
        var referenced = Path.Combine(artifacts, sha[..2], sha);
        File.SetLastWriteTimeUtc(referenced, DateTime.UtcNow.AddDays(-2));
        var orphan = WriteArtifact(artifacts, new string('c', 64), DateTime.UtcNow.AddDays(-2));

        var result = await app.Services.GetRequiredService<SweepArtifactsJob>().RunAsync(CancellationToken.None);

        Assert.True(result.OrphanArtifacts >= 1);
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(referenced));
        Assert.Equal(HttpStatusCode.OK, (await engineer.GetAsync($"/api/v1/models/{model}/versions/2.0.0/artifact")).StatusCode);
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Contains(connection.GetRecurringJobs(), j => j.Id == SweepArtifactsJob.RecurringId);
    }

    private static string WriteArtifact(string root, string sha, DateTime lastWriteUtc)
    {
        var path = Path.Combine(root, sha[..2], sha);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1]);
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
        return path;
    }

    private Task<HttpResponseMessage> UploadAsync(string version, Stream content)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(JsonSerializer.Serialize(new { version })), "metadata");
        var file = new StreamContent(content, 81920);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "artifact", "large.zip");
        return engineer.PostAsync($"/api/v1/models/{model}/versions", form);
    }

    private async Task<(long Announced, long Received, string Sha256)> DownloadAsync(string version)
    {
        using var response = await engineer.GetAsync($"/api/v1/models/{model}/versions/{version}/artifact", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long received = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            received += read;
        }

        return (response.Content.Headers.ContentLength ?? -1, received, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>A long, deterministic, incompressible-looking byte stream that allocates nothing per read.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private readonly byte[] block = RandomNumberGenerator.GetBytes(1 << 16);
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - position);
            for (var done = 0; done < n;)
            {
                var at = (int)((position + done) % block.Length);
                var chunk = Math.Min(n - done, block.Length - at);
                block.AsSpan(at, chunk).CopyTo(buffer.Slice(done, chunk));
                done += chunk;
            }

            position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
