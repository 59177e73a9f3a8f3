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
/// A living portal on first start: three models whose versions come from real retraining runs on seeded synthetic
/// data, moved through the real stage and approval flow by the demo engineer and approver, leaving pending requests.
/// Each version is made the way a person makes one: its generated data (CSV written by CsvHelper) is uploaded as an
/// ordinary dataset version, a retraining run is launched on it through <see cref="TrainingService"/> and run by the
/// same <see cref="RetrainingJob"/> the Hangfire server runs (here synchronously, since the server starts after the
/// seed), so each version has its TrainingRun with trials, and lineage to its parent, dataset version and hash.
/// </summary>
public sealed class DemoData(
    ModelRegistry registry,
    DatasetService datasets,
    TrainingService training,
    RetrainingJob job,
    PromotionService promotions,
    DriftService drift,
    UserManager<PortalUser> users,
    IUserClaimsPrincipalFactory<PortalUser> principals,
    ILogger<DemoData> logger)
{
    /// <summary>The trigger the seed's runs carry (the Jobs page shows it).</summary>
    public const string Trigger = "demo";

    /// <summary>Configurations each demo run tries: a real search, small enough that the seed takes seconds.</summary>
    public const int Trials = 3;

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
        var credit1 = await RetrainAsync("credit-risk", DemoDatasets.CreditRisk(3000, 11), "Applications of the first quarter.", seed: 11, engineer, ct);
        await ThroughProductionAsync("credit-risk", credit1, engineer, approver, "Baseline model for the credit desk.", ct);
        // Production traffic drifted on two credit features (the house-price traffic below did not).
        await DriftCheckAsync("credit-risk", credit1, DemoDatasets.CreditRisk(2000, 31), DemoDatasets.CreditRisk(1500, 32, incomeLogShift: -0.35, debtShift: 0.12), engineer, ct);
        var credit2 = await RetrainAsync("credit-risk", DemoDatasets.CreditRisk(6000, 12), "Six months of applications.", seed: 12, engineer, ct);
        await ToStagingAsync("credit-risk", credit2, engineer, approver, "Retrained on six months of data.", ct);
        await promotions.RequestAsync("credit-risk", credit2, "Production", "Retrained on twice the data; validation metrics on the version page.", engineer, ct);
        var credit3 = await RetrainAsync("credit-risk", DemoDatasets.CreditRisk(6000, 13), "Six months of applications, a second sample.", seed: 13, engineer, ct);
        await ToStagingAsync("credit-risk", credit3, engineer, approver, "Candidate from a second sample.", ct);

        await registry.CreateModelAsync(new CreateModel(
            "house-prices", "regression", "Asking price (thousands) of a flat from its size, rooms, age and city.",
            [new("area_m2", "numeric"), new("rooms", "numeric"), new("building_age", "numeric"), new("city", "categorical")],
            ["real-estate", "tabular"], new MetricGate("r2", 0.8)), engineer, ct);
        var house1 = await RetrainAsync("house-prices", DemoDatasets.HousePrices(2500, 21), "Listings of the last year.", seed: 21, engineer, ct);
        await ThroughProductionAsync("house-prices", house1, engineer, approver, "First pricing model.", ct);
        await DriftCheckAsync("house-prices", house1, DemoDatasets.HousePrices(2000, 41), DemoDatasets.HousePrices(1500, 42), engineer, ct);
        var house2 = await RetrainAsync("house-prices", DemoDatasets.HousePrices(800, 22), "A small sample of recent listings.", seed: 22, engineer, ct);
        await ToStagingAsync("house-prices", house2, engineer, approver, "Trained on recent listings only.", ct);
        var rejected = await promotions.RequestAsync("house-prices", house2, "Production", "Trained on the most recent listings.", engineer, ct);
        await promotions.RejectAsync(rejected.Id, "Trained on a third of the data; keep the current Production version.", approver, ct);

        await SeedCardFraudAsync(engineer, approver, ct);
        logger.LogInformation(
            "Demo data ready: credit-risk, house-prices and card-fraud in {Seconds:0.0} s, of which {TrainingSeconds:0.0} s in retraining runs.",
            elapsed.Elapsed.TotalSeconds, trainingTime.Elapsed.TotalSeconds);
    }

    private readonly System.Diagnostics.Stopwatch trainingTime = new();

    /// <summary>
    /// card-fraud: trained on a quiet window of <see cref="CardTransactions"/>, in Production; the holiday window
    /// drifted (amount, distance, online share), a drift report shows it, and a retrain on that window waits in the
    /// inbox with the Staging request its run filed when it passed the metric gate.
    /// </summary>
    private async Task SeedCardFraudAsync(Actor engineer, Actor approver, CancellationToken ct)
    {
        const string model = CardTransactions.ModelName;
        await registry.CreateModelAsync(new CreateModel(
            model, "binary_classification", "Probability that a card payment is fraudulent, scored at authorisation.",
            [
                new("amount", "numeric"), new("hour", "numeric"), new("distance_km", "numeric"), new("transactions_24h", "numeric"),
                new("card_age_days", "numeric"), new("channel", "categorical"), new("merchant_category", "categorical"),
            ],
            ["payments", "fraud", "tabular"], new MetricGate("auc", 0.70)), engineer, ct);
        var first = await RetrainAsync(model, CardTransactions.Generate(4000, 101), "Card payments of an ordinary month (CardTransactions, seed 101).", seed: 101, engineer, ct);
        await ThroughProductionAsync(model, first, engineer, approver, "First fraud model for card authorisations.", ct);
        var holiday = CardTransactionDrift.HolidaySeason;
        await DriftCheckAsync(model, first, CardTransactions.Generate(2000, 102), CardTransactions.Generate(2000, 103, holiday), engineer, ct);
        await RetrainAsync(model, CardTransactions.Generate(4000, 104, holiday),
            $"Card payments of the holiday season (CardTransactions, seed 104, drift on {string.Join(", ", holiday.ShiftedFeatures)}).", seed: 104, engineer, ct);
    }

    /// <summary>
    /// Uploads the data as the model's next dataset version and retrains on it through the retraining job; returns
    /// the registered version. The run's job also sits in Hangfire's queue and, once the server starts, finds the run
    /// finished and does nothing.
    /// </summary>
    private async Task<string> RetrainAsync(string model, TabularDataset data, string notes, int seed, Actor engineer, CancellationToken ct)
    {
        var dataset = await StoreDatasetAsync(model, data, notes, engineer, ct);
        trainingTime.Start();
        var launched = await training.LaunchAsync(model, new RetrainInput(dataset.Version, Trials, seed), Trigger, engineer, ct);
        await job.RunAsync(launched.JobId, null, ct);
        trainingTime.Stop();
        var run = await training.GetAsync(launched.JobId, ct);
        return run is { State: "succeeded", Version: { } version }
            ? version
            : throw new InvalidOperationException($"Demo retraining of {model} ended {run.State}: {run.Error}");
    }

    /// <summary>The generated rows as CSV (CsvHelper), uploaded through the same checks as a person's upload.</summary>
    private async Task<DatasetView> StoreDatasetAsync(string model, TabularDataset data, string notes, Actor actor, CancellationToken ct)
    {
        using var csv = new MemoryStream();
        await using (var writer = new StreamWriter(csv, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
        {
            data.WriteCsv(writer);
        }

        csv.Position = 0;
        return await datasets.UploadAsync(model, csv, $"{model}-{data.Rows}-rows.csv", $"Generated by the demo seed: {notes}", actor, ct, source: "demo");
    }

    /// <summary>Approves the Staging request the run filed when it passed the metric gate, else moves the version directly.</summary>
    private async Task ToStagingAsync(string model, string version, Actor engineer, Actor approver, string why, CancellationToken ct)
    {
        var pending = (await promotions.ListAsync("pending", model, new PageRequest(1, 50), ct)).Items
            .FirstOrDefault(r => r.Version == version && r.TargetStage == Stage.Staging);
        if (pending is not null)
        {
            await promotions.ApproveAsync(pending.Id, why, approver, ct);
        }
        else
        {
            await registry.ChangeStageAsync(model, version, "Staging", why, engineer, ct);
        }
    }

    private async Task DriftCheckAsync(string model, string version, TabularDataset reference, TabularDataset current, Actor actor, CancellationToken ct)
    {
        using var referenceCsv = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(reference.ToCsv()));
        using var currentCsv = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(current.ToCsv()));
        await drift.AnalyzeAndStoreAsync(model, version, referenceCsv, $"{model}-training.csv", currentCsv, $"{model}-last-week.csv", actor, ct);
    }

    private async Task ThroughProductionAsync(string model, string version, Actor engineer, Actor approver, string why, CancellationToken ct)
    {
        await ToStagingAsync(model, version, engineer, approver, "Validated offline.", ct);
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
