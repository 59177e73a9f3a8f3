using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Training;

/// <summary>
/// An upload copied to a private temp file (hashed on the way) and not yet checked or stored. Disposing it deletes
/// the temp file, so a refused or abandoned upload leaves nothing behind.
/// </summary>
public sealed class StagedDataset : IAsyncDisposable
{
    internal StagedDataset(Model model, FileStream file, string sha256, long sizeBytes)
    {
        Model = model;
        File = file;
        Sha256 = sha256;
        SizeBytes = sizeBytes;
    }

    /// <summary>Name prefix of the temp files; the artifact sweep removes those a crash left behind.</summary>
    public const string TempPrefix = "modellifecycle-dataset-";

    internal Model Model { get; }

    internal FileStream File { get; }

    public string Sha256 { get; }

    public long SizeBytes { get; }

    /// <summary>The staged bytes from the start (a new pass; the temp file stays open).</summary>
    internal Stream Rewind()
    {
        File.Position = 0;
        return new NonClosingStream(File);
    }

    public ValueTask DisposeAsync() => File.DisposeAsync();
}
