using System.Globalization;
using Microsoft.AspNetCore.Components;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Components.Shared;
using MudBlazor;

namespace ModelLifecycle.Portal.Components.Pages.Deployments;

/// <summary>
/// One model's deployments: the live split and per-version health (re-read every few seconds while open), the canary
/// slider with its confirmation, deploy, advance, rollback, alerts and the history. Every rule is the engine's: the page
/// sends what the person chose and shows the engine's refusal.
/// </summary>
public sealed partial class ModelDeployments : IDisposable
{
    private static readonly decimal[] QuickSteps = [10m, 25m, 50m];
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    [Inject]
    private DeploymentService Deployments { get; set; } = default!;

    [Inject]
    private ModelRegistry Registry { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Parameter]
    public string Name { get; set; } = "";

    private ServingView? view;
    private string? notFound;
    private Paged<DeploymentView>? history;
    private int historyPage = 1;
    private IReadOnlyList<VersionView> candidates = [];
    private double share;
    private string deployStrategy = "canary";
    private string? deployVersion;
    private decimal deployPercent = 10m;
    private Timer? refresh;
    private bool disposed;

    private AllocationView? Stable => view?.Allocations.FirstOrDefault(a => a.Role == "stable");

    private AllocationView? Canary => view?.Allocations.FirstOrDefault(a => a.Role == "candidate");

    /// <summary>What the stable version would keep if the slider's share were applied: the rest after every other share.</summary>
    private decimal StableAfter => Stable is not { } stable || Canary is not { } canary
        ? 0
        : 100m - (decimal)share - view!.Allocations.Where(a => a.Version != stable.Version && a.Version != canary.Version).Sum(a => a.Percent);

    private string SplitText => string.Join(" · ", view!.Allocations.Where(a => a.Percent > 0).Select(a => $"{a.Version} {Pct(a.Percent)}"));

    private string Window => view!.HealthWindowSeconds % 60 == 0 ? $"{view.HealthWindowSeconds / 60} min" : $"{view.HealthWindowSeconds} s";

    protected override async Task OnInitializedAsync()
    {
        if (!await LoadAsync())
        {
            return;
        }

        // The newest 200 versions are offered as candidates (a model may have 100,000; only the page is read).
        candidates = (await Registry.ListVersionsAsync(Name, new PageRequest(1, 200), CancellationToken.None)).Items.Where(v => v.Stage is Stage.Staging or Stage.None).ToList();
        deployVersion = candidates.FirstOrDefault()?.Version;
        refresh = new Timer(_ => _ = InvokeAsync(RefreshAsync), null, RefreshEvery, RefreshEvery);
    }

    /// <summary>Reads the serving view and the history page; false when the model does not exist.</summary>
    private async Task<bool> LoadAsync()
    {
        try
        {
            Show(await Deployments.GetAsync(Name, CancellationToken.None));
            history = await Deployments.HistoryAsync(Name, new PageRequest(historyPage, 5), CancellationToken.None);
            return true;
        }
        catch (DomainException ex) when (ex.Kind == FailureKind.NotFound)
        {
            notFound = ex.Message;
            return false;
        }
    }

    private async Task RefreshAsync()
    {
        if (disposed)
        {
            return;
        }

        var changed = view?.ConcurrencyStamp;
        var fresh = await Deployments.GetAsync(Name, CancellationToken.None);
        if (fresh.ConcurrencyStamp != changed)
        {
            Show(fresh);
            history = await Deployments.HistoryAsync(Name, new PageRequest(historyPage, 5), CancellationToken.None);
        }
        else
        {
            // Same split: only the health and alerts moved, and the slider keeps what the person is choosing.
            view = fresh;
        }

        StateHasChanged();
    }

    private void Show(ServingView fresh)
    {
        view = fresh;
        share = (double)(Canary?.Percent ?? 0);
    }

    private void OnShareChanged(double value) => share = value;

    private async Task ApplyAsync()
    {
        if (view is null || Canary is not { } canary || Stable is not { } stable)
        {
            return;
        }

        var target = (decimal)share;
        var stableAfter = StableAfter;
        var text = $"Move {canary.Version} from {Pct(canary.Percent)} to {Pct(target)} of {Name}'s traffic; {stable.Version} goes from {Pct(stable.Percent)} to {Pct(stableAfter)}.";
        var reason = await TrafficConfirmDialog.AskAsync(Dialogs, text);
        if (reason is null)
        {
            return;
        }

        var allocations = view.Allocations.Select(a => new ShareInput(a.Version, a.Version == canary.Version ? target : a.Version == stable.Version ? stableAfter : a.Percent)).ToList();
        var stamp = view.ConcurrencyStamp;
        var ok = await TryAsync(async () => Show(await Deployments.SetTrafficAsync(Name, new TrafficInput(allocations, stamp, reason.Length == 0 ? null : reason), null, await ActorAsync(), CancellationToken.None)),
            $"{canary.Version} now serves {Pct(target)}.");
        if (!ok)
        {
            await LoadAsync(); // someone else changed it, or the engine refused: show what is live now
        }
        else
        {
            history = await Deployments.HistoryAsync(Name, new PageRequest(historyPage, 5), CancellationToken.None);
        }
    }

    private async Task AdvanceAsync()
    {
        var stamp = view?.ConcurrencyStamp;
        await TryAsync(async () => Show(await Deployments.AdvanceAsync(Name, stamp, await ActorAsync(), CancellationToken.None)), "Moved to the next step.");
        await LoadAsync();
    }

    private async Task DeployAsync()
    {
        if (deployVersion is null)
        {
            return;
        }

        var input = new DeployInput(deployStrategy, deployVersion, deployStrategy == "canary" ? deployPercent : null);
        await TryAsync(async () => await Deployments.DeployAsync(Name, input, await ActorAsync(), CancellationToken.None), $"{deployVersion} deployed as {deployStrategy}.");
        await LoadAsync();
    }

    private async Task RollbackAsync()
    {
        var target = view?.RollbackTarget ?? view?.StableVersion;
        var reason = await ReasonDialog.AskAsync(Dialogs, "Roll back", $"Send all of {Name}'s traffic back to {target}. The candidate stops serving at once.", "Reason", "Roll back", Color.Error);
        if (reason is null)
        {
            return;
        }

        await TryAsync(async () => Show(await Deployments.RollbackAsync(Name, reason, await ActorAsync(), CancellationToken.None)), $"Rolled back to {target}.");
        await LoadAsync();
    }

    private async Task DismissAsync(DeploymentAlertView alert)
    {
        var reason = await ReasonDialog.AskAsync(Dialogs, "Dismiss the alert", $"Keep {alert.CandidateVersion} serving despite: {alert.Summary}", "Reason", "Dismiss", Color.Warning);
        if (reason is null)
        {
            return;
        }

        await TryAsync(async () => Show(await Deployments.DismissAlertAsync(Name, alert.Id, reason, await ActorAsync(), CancellationToken.None)), "Alert dismissed.");
        await LoadAsync();
    }

    private async Task HistoryPageAsync(int page)
    {
        historyPage = page;
        history = await Deployments.HistoryAsync(Name, new PageRequest(historyPage, 5), CancellationToken.None);
    }

    private static string Pct(decimal percent) => string.Create(CultureInfo.InvariantCulture, $"{percent:0.#} %");


    private static string RoleColour(string role) => role switch
    {
        "stable" => "#2e7d32",
        "candidate" => "#ef6c00",
        "green" => "#1565c0",
        _ => "#757575",
    };

    /// <summary>A stored split ("1.0.0 90 %, 1.1.0 10 %") as one part per version, each shown whole on its line.</summary>
    private static string[] SplitParts(string? split) => string.IsNullOrEmpty(split) ? ["—"] : split.Split(", ");

    public void Dispose()
    {
        disposed = true;
        refresh?.Dispose();
    }
}
