using ModelLifecycle.Domain.Storage.Artifacts;

namespace ModelLifecycle.Tests.Unit.Storage;

public sealed class LocalArtifactStoreTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"ml-store-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_changed_after_the_verify_pass_fails_at_the_end_of_the_stream()
    {
        var store = new LocalArtifactStore(root);
        var stored = await store.PutAsync(new MemoryStream(Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray()), CancellationToken.None);
        await using var download = await store.OpenVerifiedAsync(stored.Sha256, CancellationToken.None);

        // Same length, other bytes, same inode: the open stream reads the changed content.
        await using (var file = new FileStream(Path.Combine(root, stored.Sha256[..2], stored.Sha256), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = 200_000;
            file.WriteByte(0xFF);
            file.WriteByte(0xFF);
        }

        await Assert.ThrowsAsync<ArtifactIntegrityException>(() => download.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task An_unchanged_file_streams_completely_and_announces_its_length()
    {
        var store = new LocalArtifactStore(root);
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        var stored = await store.PutAsync(new MemoryStream(bytes), CancellationToken.None);

        await using var download = await store.OpenVerifiedAsync(stored.Sha256, CancellationToken.None);
        var copy = new MemoryStream();
        await download.CopyToAsync(copy);

        Assert.Equal(bytes.Length, download.Length);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Sweep_removes_old_unreferenced_files_and_upload_temps_only()
    {
        var store = new LocalArtifactStore(root);
        var kept = await store.PutAsync(new MemoryStream([1, 2, 3]), CancellationToken.None);
        var orphan = await store.PutAsync(new MemoryStream([4, 5, 6]), CancellationToken.None);
        var temp = Path.Combine(root, LocalArtifactStore.TempPrefix + "crashed");
        await File.WriteAllBytesAsync(temp, [7]);
        var old = DateTime.UtcNow.AddDays(-2);
        foreach (var path in new[] { PathOf(kept), PathOf(orphan), temp })
        {
            File.SetLastWriteTimeUtc(path, old);
        }

        var recentOrphan = await store.PutAsync(new MemoryStream([8]), CancellationToken.None);

        var result = await store.SweepAsync(new HashSet<string> { kept.Sha256 }, DateTime.UtcNow.AddHours(-1), CancellationToken.None);

        Assert.Equal(new ArtifactSweepResult(1, 1, 4), result);
        Assert.True(File.Exists(PathOf(kept)));
        Assert.True(File.Exists(PathOf(recentOrphan)));
        Assert.False(File.Exists(PathOf(orphan)));
        Assert.False(File.Exists(temp));
    }

    private string PathOf(StoredArtifact a) => Path.Combine(root, a.Sha256[..2], a.Sha256);
}
