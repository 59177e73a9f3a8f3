using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Portal.Components.Shared;
using MudBlazor;

namespace ModelLifecycle.Portal.Components.Pages.Registry;

/// <summary>The Datasets tab of a model: versions paged on the server, a version's summary, and the upload form.</summary>
public partial class DatasetsPanel
{
    private const int PageSize = 10;

    /// <summary>The largest file the portal accepts (the API's limit; the file streams to a temp file, not memory).</summary>
    public const long MaxUpload = Api.UploadLimits.DatasetBytes;

    [Parameter, EditorRequired]
    public string ModelName { get; set; } = "";

    [Inject]
    private DatasetService Datasets { get; set; } = default!;

    private MudTable<DatasetView>? table;
    private DatasetView? selected;
    private IBrowserFile? file;
    private string? notes;
    private bool busy;
    private double progress;
    private string? progressText;
    private string? refusal;

    private async Task<TableData<DatasetView>> LoadPageAsync(TableState state, CancellationToken ct)
    {
        var page = await Datasets.ListAsync(ModelName, new PageRequest(state.Page + 1, PageSize), ct);
        if (selected is null && page.Items.Count > 0)
        {
            // The table loads its rows itself; the summary beside it is this component's to re-render.
            selected = page.Items[0];
            StateHasChanged();
        }
        return new TableData<DatasetView> { Items = page.Items, TotalItems = page.Total };
    }

    private void Select(DatasetView? dataset) => selected = dataset;

    private void FileChosen(IBrowserFile? chosen)
    {
        file = chosen;
        refusal = null;
    }

    private async Task UploadAsync()
    {
        if (file is null)
        {
            return;
        }

        busy = true;
        refusal = null;
        progress = 0;
        var chosen = file;
        try
        {
            var actor = await ActorAsync();
            await using var browser = chosen.OpenReadStream(MaxUpload);
            var lastShown = -5.0;
            await using var counted = new ProgressStream(browser, done =>
            {
                progress = 100.0 * done / Math.Max(1, chosen.Size);
                if (progress - lastShown >= 5)
                {
                    lastShown = progress;
                    progressText = $"Uploading {chosen.Name}: {Formats.Bytes(done)} of {Formats.Bytes(chosen.Size)}";
                    _ = InvokeAsync(StateHasChanged);
                }
            });
            await using var staged = await Datasets.StageAsync(ModelName, counted, actor, CancellationToken.None);
            progressText = "Checking every row against the feature schema…";
            await InvokeAsync(StateHasChanged);
            var stored = await Datasets.AddAsync(staged, chosen.Name, notes, actor, CancellationToken.None);
            Snackbar.Add($"Stored as dataset version {stored.Version} ({stored.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows).", Severity.Success);
            selected = stored;
            file = null;
            notes = null;
            if (table is not null)
            {
                await table.ReloadServerData();
            }
        }
        catch (DomainException ex)
        {
            // Shown beside the form (not only as a snackbar): the row numbers are what the user fixes the file by.
            refusal = ex.Message;
        }
        catch (IOException ex)
        {
            refusal = $"The upload failed: {ex.Message} (files up to {Formats.Bytes(MaxUpload)}).";
        }
        finally
        {
            busy = false;
        }
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    /// <summary>Counts the bytes read through it, so the form can show upload progress while the engine streams the file.</summary>
    private sealed class ProgressStream(Stream inner, Action<long> progressed) : Stream
    {
        private long done;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => done; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        private int Counted(int read)
        {
            done += read;
            progressed(done);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
