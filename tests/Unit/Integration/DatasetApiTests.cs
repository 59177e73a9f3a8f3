using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Storage.Artifacts;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>Dataset versions over HTTP: upload, refusals that store nothing, duplicates, paging, download and roles.</summary>
public sealed class DatasetApiTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private HttpClient engineer = default!;
    private readonly string model = $"d{Guid.NewGuid():N}"[..12];

    public async Task InitializeAsync()
    {
        engineer = await app.UserAsync($"deng{Guid.NewGuid():N}"[..10] + "@it.test", "Engineer");
        var created = await engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = model,
            task = "binary_classification",
            features = new[] { new { name = "amount", type = "numeric" }, new { name = "merchant", type = "categorical" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    internal static string Csv(int rows, int seed)
    {
        var rng = new Random(seed);
        var csv = new StringBuilder("amount,merchant,label\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Math.Round(rng.NextDouble() * 500, 2)},{(i % 3 == 0 ? "grocer" : "airline")},{i % 4 == 0}\n");
        }

        return csv.ToString();
    }

    private Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv, string fileName = "train.csv", string? notes = null) =>
        UploadAsync(client, new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), fileName, notes);

    private async Task<HttpResponseMessage> UploadAsync(HttpClient client, HttpContent file, string fileName, string? notes = null)
    {
        using var form = new MultipartFormDataContent();
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        if (notes is not null)
        {
            // After the file: the endpoint reads the whole form before storing.
            form.Add(new StringContent(notes), "notes");
        }

        return await client.PostAsync($"/api/v1/models/{model}/datasets", form);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    private async Task<int> TotalAsync() =>
        (await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/datasets")).GetProperty("total").GetInt32();

    private string[] StoredArtifacts() =>
        Directory.Exists(Path.Combine(app.DataDirectory, "artifacts"))
            ? Directory.GetFiles(Path.Combine(app.DataDirectory, "artifacts"), "*", SearchOption.AllDirectories)
            : [];

    [Fact]
    public async Task An_upload_becomes_version_one_with_its_summary_and_downloads_byte_for_byte()
    {
        var csv = Csv(40, 1);

        var response = await UploadAsync(engineer, csv, "cards.csv", "first export");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/models/{model}/datasets/1", response.Headers.Location?.OriginalString);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.Equal(40, created.GetProperty("rowCount").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv))), created.GetProperty("sha256").GetString());
        Assert.Equal("first export", created.GetProperty("notes").GetString());

        var detail = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/datasets/1");
        var labels = detail.GetProperty("summary").GetProperty("labels").EnumerateArray().ToDictionary(l => l.GetProperty("label").GetString()!, l => l.GetProperty("count").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["0"] = 30, ["1"] = 10 }, labels);
        var amount = detail.GetProperty("summary").GetProperty("features")[0];
        Assert.Equal("amount", amount.GetProperty("name").GetString());
        Assert.Equal(0, amount.GetProperty("missing").GetInt64());

        var file = await engineer.GetAsync($"/api/v1/models/{model}/datasets/1/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(csv, await file.Content.ReadAsStringAsync());

        var audit = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=dataset.uploaded&entityId={model}/datasets/1");
        Assert.Equal(1, audit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Bad_rows_are_refused_with_row_numbers_and_nothing_is_stored()
    {
        var artifactsBefore = StoredArtifacts();
        var csv = "amount,merchant,label\n12.5,grocer,1\nabc,grocer,0\n3,airline,maybe\n";

        var response = await UploadAsync(engineer, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = await DetailAsync(response);
        Assert.Contains("2 row(s) are invalid", detail, StringComparison.Ordinal);
        Assert.Contains("row 3: 'amount' is 'abc'", detail, StringComparison.Ordinal);
        Assert.Contains("row 4: 'label' is 'maybe'", detail, StringComparison.Ordinal);
        Assert.Equal(0, await TotalAsync());
        Assert.Equal(artifactsBefore, StoredArtifacts());
        // The staged copy is gone too (identified by its length: other classes may stage files meanwhile).
        Assert.DoesNotContain(
            Directory.GetFiles(DatasetService.TempDirectory, $"{StagedDataset.TempPrefix}*"),
            f => new FileInfo(f).Length == Encoding.UTF8.GetByteCount(csv));
    }

    [Fact]
    public async Task The_same_bytes_twice_are_refused_naming_the_existing_version_and_a_changed_file_becomes_version_two()
    {
        var csv = Csv(10, 2);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(engineer, csv)).StatusCode);

        var again = await UploadAsync(engineer, csv, "renamed.csv");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already dataset version 1", await DetailAsync(again), StringComparison.Ordinal);
        var second = await UploadAsync(engineer, Csv(11, 2));
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Concurrent_uploads_each_get_their_own_version_number()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => UploadAsync(engineer, Csv(5, 100 + i))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var versions = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32()));
        Assert.Equal([1, 2, 3, 4], versions.Order());
    }

    [Fact]
    public async Task The_list_pages_newest_first_with_total_and_last_page()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await UploadAsync(engineer, Csv(3, 200 + i))).StatusCode);
        }

        var page = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{model}/datasets?page=2&pageSize=2");

        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("lastPage").GetInt32());
        Assert.Equal([1], page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_upload()
    {
        using var viewer = await app.UserAsync($"dview{Guid.NewGuid():N}"[..10] + "@it.test", "Viewer");

        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(viewer, Csv(3, 3))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/models/{model}/datasets")).StatusCode);
        Assert.Equal(0, await TotalAsync());
    }

    [Fact]
    public async Task Bad_requests_get_a_problem_naming_what_is_wrong()
    {
        using var noFile = new MultipartFormDataContent { { new StringContent("x"), "notes" } };
        var missing = await engineer.PostAsync($"/api/v1/models/{model}/datasets", noFile);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("no 'file' part", await DetailAsync(missing), StringComparison.Ordinal);

        var empty = await UploadAsync(engineer, "");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("empty", await DetailAsync(empty), StringComparison.Ordinal);

        var headerOnly = await UploadAsync(engineer, "amount,merchant,label\n");
        Assert.Contains("no data rows", await DetailAsync(headerOnly), StringComparison.Ordinal);

        var binary = await UploadAsync(engineer, new ByteArrayContent(RandomNumberGenerator.GetBytes(4096)), "model.zip");
        Assert.Equal(HttpStatusCode.BadRequest, binary.StatusCode);

        var json = await engineer.PostAsJsonAsync($"/api/v1/models/{model}/datasets", new { file = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);

        var unknownModel = await engineer.PostAsync("/api/v1/models/no-such-model/datasets", new MultipartFormDataContent { { new StringContent("a"), "file", "a.csv" } });
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.GetAsync($"/api/v1/models/{model}/datasets/9")).StatusCode);
        Assert.Equal(0, await TotalAsync());
    }

    [Fact]
    public async Task The_artifact_sweep_keeps_a_dataset_file_that_only_a_dataset_version_references()
    {
        var created = await (await UploadAsync(engineer, Csv(8, 300))).Content.ReadFromJsonAsync<JsonElement>();
        var sha = created.GetProperty("sha256").GetString()!;
        var path = Path.Combine(app.DataDirectory, "artifacts", sha[..2], sha);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-2));

        await app.Services.GetRequiredService<ArtifactSweeper>().SweepAsync(CancellationToken.None);

        Assert.True(File.Exists(path));
        Assert.Equal(HttpStatusCode.OK, (await engineer.GetAsync($"/api/v1/models/{model}/datasets/{created.GetProperty("version").GetInt32()}/file")).StatusCode);
    }

    /// <summary>
    /// A 20 MB CSV generated as it is sent (never a whole string in the test either) goes through the streaming upload.
    /// Memory for 100 MB is measured in docs/benchmarks.md; 20 MB keeps this test quick on CI.
    /// </summary>
    [Fact]
    public async Task A_twenty_megabyte_csv_streams_through_upload_and_is_counted_row_by_row()
    {
        var content = new StreamContent(new CsvRowStream(20L << 20));

        var response = await UploadAsync(engineer, content, "big.csv");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(CsvRowStream.RowsFor(20L << 20), created.GetProperty("rowCount").GetInt32());
        Assert.True(created.GetProperty("sizeBytes").GetInt64() >= 20L << 20);
    }

    /// <summary>Endless valid rows of fixed width, produced on demand up to at least the requested size.</summary>
    internal sealed class CsvRowStream(long minimumBytes) : Stream
    {
        private static readonly byte[] Header = Encoding.ASCII.GetBytes("amount,merchant,label\n");

        // 32 bytes per row: amount padded, merchant, label.
        private static readonly byte[] Row = Encoding.ASCII.GetBytes("00123.45,grocer_sample_name,1\n".PadLeft(32, '0'));

        private readonly long rows = RowsFor(minimumBytes);
        private long position;

        public static int RowsFor(long minimumBytes) => (int)((minimumBytes + Row.Length - 1) / Row.Length);

        private long Total => Header.Length + (rows * Row.Length);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => Total;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = 0;
            while (n < buffer.Length && position < Total)
            {
                var (source, at) = position < Header.Length ? (Header, (int)position) : (Row, (int)((position - Header.Length) % Row.Length));
                var chunk = Math.Min(buffer.Length - n, source.Length - at);
                source.AsSpan(at, chunk).CopyTo(buffer[n..]);
                n += chunk;
                position += chunk;
            }

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
