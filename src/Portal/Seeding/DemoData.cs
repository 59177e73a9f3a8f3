using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Security;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Seeding;

/// <summary>
/// A living portal on first start: two models whose versions come from real ML.NET training runs on seeded synthetic
/// data, moved through the real stage and approval flow by the demo engineer and approver, leaving one pending request.
/// Each version's training data is first uploaded as an ordinary dataset version (checked and summarised like any
/// upload), read back verified from the artifact store, trained on, and named by the version's DatasetVersion and
/// DatasetHash, so the lineage a newcomer follows leads to a real, downloadable dataset.
/// </summary>
public sealed class DemoData(
    ModelRegistry registry,
    DatasetService datasets,
    PromotionService promotions,
    DriftService drift,
    UserManager<PortalUser> users,
    IUserClaimsPrincipalFactory<PortalUser> principals,
    ILogger<DemoData> logger)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        if ((await registry.ListModelsAsync(null, new PageRequest(1, 1), ct)).Total > 0)
        {
            return;
        }

        var engineer = await ActorAsync(PortalSeeder.DemoUsers[0].Email);
        var approver = await ActorAsync(PortalSeeder.DemoUsers[1].Email);
        logger.LogInformation("Seeding demo models by training them (a few seconds)…");
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        await registry.CreateModelAsync(new CreateModel(
            "credit-risk", "binary_classification", "Probability that a loan applicant defaults within 12 months.",
            [new("income", "numeric"), new("debt_ratio", "numeric"), new("age", "numeric"), new("open_accounts", "numeric"), new("region", "categorical")],
            ["credit", "tabular"], new MetricGate("auc", 0.80)), engineer, ct);
        var credit1 = await TrainAndRegisterAsync("credit-risk", ModelTask.BinaryClassification, DemoDatasets.CreditRisk(3000, 11), new TreeHyperparameters(8, 20, 0.1), null, engineer, ct);
        await ThroughProductionAsync("credit-risk", credit1, engineer, approver, "Baseline model for the credit desk.", ct);
        // Production traffic drifted on two credit features (the house-price traffic below did not).
        await DriftCheckAsync("credit-risk", credit1, DemoDatasets.CreditRisk(2000, 31), DemoDatasets.CreditRisk(1500, 32, incomeLogShift: -0.35, debtShift: 0.12), engineer, ct);
        var credit2 = await TrainAndRegisterAsync("credit-risk", ModelTask.BinaryClassification, DemoDatasets.CreditRisk(6000, 12), new TreeHyperparameters(16, 60, 0.1), credit1, engineer, ct);
        await registry.ChangeStageAsync("credit-risk", credit2, "Staging", "Retrained on six months of data.", engineer, ct);
        await promotions.RequestAsync("credit-risk", credit2, "Production", "More data and deeper trees; AUC up on validation.", engineer, ct);
        var credit3 = await TrainAndRegisterAsync("credit-risk", ModelTask.BinaryClassification, DemoDatasets.CreditRisk(6000, 13), new TreeHyperparameters(24, 120, 0.05), credit2, engineer, ct);
        await registry.ChangeStageAsync("credit-risk", credit3, "Staging", "Candidate with a slower learning rate.", engineer, ct);

        await registry.CreateModelAsync(new CreateModel(
            "house-prices", "regression", "Asking price (thousands) of a flat from its size, rooms, age and city.",
            [new("area_m2", "numeric"), new("rooms", "numeric"), new("building_age", "numeric"), new("city", "categorical")],
            ["real-estate", "tabular"], new MetricGate("r2", 0.8)), engineer, ct);
        var house1 = await TrainAndRegisterAsync("house-prices", ModelTask.Regression, DemoDatasets.HousePrices(2500, 21), new TreeHyperparameters(16, 80, 0.1), null, engineer, ct);
        await ThroughProductionAsync("house-prices", house1, engineer, approver, "First pricing model.", ct);
        await DriftCheckAsync("house-prices", house1, DemoDatasets.HousePrices(2000, 41), DemoDatasets.HousePrices(1500, 42), engineer, ct);
        var house2 = await TrainAndRegisterAsync("house-prices", ModelTask.Regression, DemoDatasets.HousePrices(800, 22), new TreeHyperparameters(4, 10, 0.3), house1, engineer, ct);
        await registry.ChangeStageAsync("house-prices", house2, "Staging", "Smaller, faster model.", engineer, ct);
        var rejected = await promotions.RequestAsync("house-prices", house2, "Production", "Faster to serve.", engineer, ct);
        await promotions.RejectAsync(rejected.Id, "Accuracy falls too far below the current Production version.", approver, ct);
        logger.LogInformation(
            "Demo data ready: credit-risk and house-prices in {Seconds:0.0} s, of which {DatasetSeconds:0.0} s storing, checking and reading back the training datasets.",
            elapsed.Elapsed.TotalSeconds, datasetTime.Elapsed.TotalSeconds);
    }

    private readonly System.Diagnostics.Stopwatch datasetTime = new();

    private async Task<string> TrainAndRegisterAsync(string model, ModelTask task, TabularDataset data, TreeHyperparameters hp, string? parent, Actor actor, CancellationToken ct)
    {
        var run = $"demo-{model}-{Guid.NewGuid():N}"[..24];
        datasetTime.Start();
        var dataset = await StoreDatasetAsync(model, data, actor, ct);
        TabularDataset stored;
        var (content, row) = await datasets.OpenAsync(model, dataset.Version, ct);
        await using (content)
        {
            var schema = (await registry.GetModelAsync(model, ct)).Features;
            stored = TabularCsv.Read(content, $"{model}-dataset-{row.Version}", schema, task);
        }

        datasetTime.Stop();

        var result = TabularTrainer.Train(stored, task, hp, seed: 42);
        using var artifact = new MemoryStream(result.Artifact);
        var metadata = new VersionMetadata(
            Metrics: result.Metrics,
            Hyperparameters: hp.ToDictionary(),
            ParentVersion: parent,
            Notes: $"Trained on {result.TrainRows} rows, validated on {result.ValidationRows}.",
            DatasetVersion: dataset.Version.ToString(CultureInfo.InvariantCulture),
            DatasetHash: dataset.Sha256,
            TrainingRun: run);
        var version = await registry.RegisterVersionAsync(model, metadata, artifact, $"{model}.zip", actor, ct);
        return version.Version;
    }

    /// <summary>The generated rows as CSV (CsvHelper), uploaded through the same checks as a person's upload.</summary>
    private async Task<DatasetView> StoreDatasetAsync(string model, TabularDataset data, Actor actor, CancellationToken ct)
    {
        using var csv = new MemoryStream();
        await using (var writer = new StreamWriter(csv, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
        {
            data.WriteCsv(writer);
        }

        csv.Position = 0;
        return await datasets.UploadAsync(model, csv, $"{model}-{data.Rows}-rows.csv", "Generated by the demo seed (DemoDatasets, seeded).", actor, ct, source: "demo");
    }

    private async Task DriftCheckAsync(string model, string version, TabularDataset reference, TabularDataset current, Actor actor, CancellationToken ct)
    {
        using var referenceCsv = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(reference.ToCsv()));
        using var currentCsv = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(current.ToCsv()));
        await drift.AnalyzeAndStoreAsync(model, version, referenceCsv, $"{model}-training.csv", currentCsv, $"{model}-last-week.csv", actor, ct);
    }

    private async Task ThroughProductionAsync(string model, string version, Actor engineer, Actor approver, string why, CancellationToken ct)
    {
        await registry.ChangeStageAsync(model, version, "Staging", "Validated offline.", engineer, ct);
        var request = await promotions.RequestAsync(model, version, "Production", why, engineer, ct);
        await promotions.ApproveAsync(request.Id, "Checklist green; approved for launch.", approver, ct);
    }

    private async Task<Actor> ActorAsync(string email)
    {
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"Demo user {email} is missing.");
        ClaimsPrincipal principal = await principals.CreateAsync(user);
        return ActorFactory.From(principal);
    }
}
