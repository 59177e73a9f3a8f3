namespace ModelLifecycle.Portal.Api;

/// <summary>How large an upload may be (Kestrel's default of 30 MB is too small for model artifacts and drift windows).</summary>
public static class UploadLimits
{
    /// <summary>A model artifact (.zip or .onnx): 1 GiB.</summary>
    public const long ArtifactBytes = 1L << 30;

    /// <summary>Both CSV windows of one drift check together: 256 MiB (the portal page allows 200 MiB per file).</summary>
    public const long DriftWindowBytes = 256L << 20;

    /// <summary>A model's reference CSV for its drift scans: 256 MiB (staged to a temp file; its parsed columns are what is held).</summary>
    public const long ReferenceBytes = 256L << 20;

    /// <summary>One dataset CSV: 512 MiB (streamed to a temp file, never held in memory; 100 MB is the tested size class).</summary>
    public const long DatasetBytes = 512L << 20;
}
