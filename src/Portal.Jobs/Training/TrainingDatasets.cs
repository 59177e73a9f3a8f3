using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// Opens a model's dataset version for training through the datasets capability (<see cref="DatasetService.OpenAsync"/>):
/// the stored CSV after its SHA-256 check, streamed, never copied into memory.
/// </summary>
public sealed class TrainingDatasets(DatasetService datasets)
{
    public async Task<Stream> OpenAsync(string modelName, int version, CancellationToken ct) =>
        (await datasets.OpenAsync(modelName, version, ct)).Content;
}
