using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// A drift check being uploaded: the model's schema and thresholds, looked up before the body is read, and the
/// windows parsed straight from their streams as the upload's parts arrive (in either order). Opened by
/// <see cref="DriftService.OpenUploadAsync"/>, stored by <see cref="DriftService.StoreAsync"/>.
/// </summary>
public sealed class DriftUpload : IDisposable
{
    public const string ReferenceWindow = "reference";
    public const string CurrentWindow = "current";

    internal DriftUpload(Guid modelId, string modelName, IReadOnlyList<FeatureDefinition> features, DriftThresholds thresholds)
    {
        ModelId = modelId;
        ModelName = modelName;
        Features = features;
        Thresholds = thresholds;
    }

    internal Guid ModelId { get; }

    internal string ModelName { get; }

    internal IReadOnlyList<FeatureDefinition> Features { get; }

    internal DriftThresholds Thresholds { get; }

    internal (ParsedWindow Window, string Source)? Reference { get; private set; }

    internal (ParsedWindow Window, string Source)? Current { get; private set; }

    public bool Has(string window) => (window == ReferenceWindow ? Reference : Current) is not null;

    /// <summary>Parses one window ('reference' or 'current') from its CSV, read once front to back.</summary>
    public async Task ReadWindowAsync(string window, string fileName, Stream csv, CancellationToken ct)
    {
        if (window is not (ReferenceWindow or CurrentWindow))
        {
            throw DomainException.Invalid($"'{window}' is not a drift window; upload 'reference' and 'current'.");
        }

        if (Has(window))
        {
            throw DomainException.Invalid($"The form has more than one '{window}' CSV file.");
        }

        FieldLimits.Check(fileName, FieldLimits.FileName, $"{window} file name");
        var parsed = (await DriftCsv.ReadColumnsAsync(csv, Features, window, ct), fileName);
        if (window == ReferenceWindow)
        {
            Reference = parsed;
        }
        else
        {
            Current = parsed;
        }
    }

    /// <summary>
    /// The report of the two windows with the windows' row counts and the charts; refuses a window below the minimum
    /// sample size before any statistic runs. Consumes the parsed columns (each is freed once its feature is analysed).
    /// </summary>
    internal (DriftReportResult Result, int ReferenceRows, int CurrentRows, List<FeatureDistribution> Distributions) Analyze(CancellationToken ct)
    {
        var (reference, _) = Reference ?? throw DomainException.Invalid("The form has no 'reference' CSV file.");
        var (current, _) = Current ?? throw DomainException.Invalid("The form has no 'current' CSV file.");
        foreach (var (name, rows) in new[] { ("reference", reference.Rows), ("current", current.Rows) })
        {
            if (rows < Thresholds.MinimumSamples)
            {
                throw DomainException.Invalid($"The {name} window has {rows} rows; a drift check needs at least {Thresholds.MinimumSamples}.");
            }
        }

        var (result, distributions) = UploadAnalysis.Run(Features, reference, current, Thresholds, ct);
        return (result, reference.Rows, current.Rows, distributions);
    }

    /// <summary>Frees the parsed columns of a window that was read but never analysed (a refused or abandoned upload).</summary>
    public void Dispose()
    {
        Reference?.Window.Dispose();
        Current?.Window.Dispose();
    }
}
