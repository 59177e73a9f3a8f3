using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class RetrainPageTests(PortalFixture portal)
{
    [Fact]
    public async Task Engineer_launches_a_retrain_from_the_model_page_and_watches_it_reach_100_percent()
    {
        var version = await AddCreditDatasetAsync(portal.Server.DataDirectory);
        var page = await portal.SignInAsync("engineer@modellifecycle.local");
        try
        {
            await PortalFixture.OpenAsync(page, "/models/credit-risk");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Training" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("retrain-launch")).ToBeEnabledAsync(new() { Timeout = 20000 });

            await page.GetByTestId("retrain-launch").ClickAsync();

            await Assertions.Expect(page.GetByText("Retraining queued.")).ToBeVisibleAsync(new() { Timeout = 20000 });
            await Assertions.Expect(page.GetByTestId("retrain-progress-text")).ToContainTextAsync("Trial 10 of 10 (100 %)", new() { Timeout = 180000 });
            await Assertions.Expect(page.GetByTestId("job-state").First).ToHaveTextAsync("succeeded", new() { Timeout = 60000 });
            await Assertions.Expect(page.GetByTestId("retrain-version")).ToContainTextAsync("Registered version", new() { Timeout = 60000 });
            await Assertions.Expect(page.GetByTestId("trial-table").Locator("tbody tr")).ToHaveCountAsync(10);
            await PortalFixture.ScreenshotAsync(page, "retrain");

            await PortalFixture.OpenAsync(page, "/jobs");
            await Assertions.Expect(page.GetByTestId("job-row").Filter(new() { HasText = "credit-risk" }).First).ToContainTextAsync("succeeded");
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "retrain-failure");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        Assert.True(version >= 1);
    }

    /// <summary>A seeded credit-risk CSV put into the portal's store and database as the next dataset version.</summary>
    private static async Task<int> AddCreditDatasetAsync(string dataDirectory)
    {
        var rng = new Random(17);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        string[] regions = ["north", "south", "east", "west"];
        var csv = new StringBuilder("income,debt_ratio,age,open_accounts,region,label\n");
        for (var i = 0; i < 2000; i++)
        {
            var income = Math.Exp(10.5 + (0.5 * Normal()));
            var debt = Math.Clamp(0.35 + (0.15 * Normal()), 0, 1.5);
            var logit = -1.0 + (10 * (debt - 0.35)) - (2.5 * (Math.Log(income) - 10.5)) + (0.3 * Normal());
            var label = 1 / (1 + Math.Exp(-logit)) > rng.NextDouble() ? 1 : 0;
            csv.Append(CultureInfo.InvariantCulture, $"{income:0.##},{debt:0.####},{40 + (12 * Normal()):0.#},{rng.Next(0, 12)},{regions[rng.Next(4)]},{label}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var folder = Path.Combine(dataDirectory, "artifacts", sha[..2]);
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, sha), bytes);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "portal.db")};Pooling=False");
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO Datasets (Id, ModelId, ModelName, Version, Sha256, SizeBytes, FileName, RowCount, Summary, Source, Notes, CreatedBy, CreatedAt)
            SELECT $id, m.Id, m.Name, COALESCE((SELECT MAX(d.Version) FROM Datasets d WHERE d.ModelId = m.Id), 0) + 1, $sha, $size, 'credit.csv', 2000,
                   '{"features":[],"labels":[]}', 'e2e', NULL, 'e2e', $at
            FROM Models m WHERE m.Name = 'credit-risk'
            RETURNING Version
            """;
        insert.Parameters.AddWithValue("$id", Guid.NewGuid().ToString().ToUpperInvariant());
        insert.Parameters.AddWithValue("$sha", sha);
        insert.Parameters.AddWithValue("$size", bytes.Length);
        insert.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
        return Convert.ToInt32(await insert.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
