using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Common;
using MudBlazor;

namespace ModelLifecycle.Portal.Components.Pages.Approvals;

public partial class Inbox
{
    private string? statusFilter = "pending";
    private int pageNumber = 1;
    private Paged<PromotionView>? page;
    private PromotionDetail? selected;
    private string? reason;
    private bool busy;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        page = await Promotions.ListAsync(statusFilter ?? "pending", null, new PageRequest(pageNumber, 20), CancellationToken.None);
    }

    private async Task FilterAsync(string? status)
    {
        statusFilter = status ?? "pending";
        pageNumber = 1;
        selected = null;
        await ReloadAsync();
    }

    private async Task ChangePageAsync(int number)
    {
        pageNumber = number;
        await ReloadAsync();
    }

    private async Task SelectAsync(PromotionView? view)
    {
        if (view is null)
        {
            return;
        }

        // The engine evaluates the checklist again and says whether this person may decide and approve.
        selected = await Promotions.GetAsync(view.Id, await ActorAsync(), CancellationToken.None);
        reason = null;
    }

    private async Task DecideAsync(bool approve)
    {
        busy = true;
        var actor = await ActorAsync();
        var id = selected!.Request.Id;
        var ok = await TryAsync(
            () => approve ? Promotions.ApproveAsync(id, reason, actor, CancellationToken.None) : Promotions.RejectAsync(id, reason, actor, CancellationToken.None),
            approve ? $"Approved: {selected.Request.Model} {selected.Request.Version} is now in {selected.Request.TargetStage}." : "Request rejected.");
        busy = false;
        if (ok)
        {
            await ReloadAsync();
        }

        // Reload either way: a refused approval may have changed what is true now (e.g. an integrity failure).
        selected = await Promotions.GetAsync(id, actor, CancellationToken.None);
    }

    private static string NoticeOf(DecisionRight right) => right.Refusal == DecisionRefusal.OwnRequest
        ? "This is your own request: another approver must decide it (four eyes)."
        : right.Reason ?? "";

    private static string IconOf(CheckOutcome o) => o switch
    {
        CheckOutcome.Passed => Icons.Material.Filled.CheckCircle,
        CheckOutcome.Failed => Icons.Material.Filled.Cancel,
        CheckOutcome.Warning => Icons.Material.Filled.Warning,
        _ => Icons.Material.Filled.RemoveCircleOutline,
    };

    private static Color ColorOf(CheckOutcome o) => o switch
    {
        CheckOutcome.Passed => Color.Success,
        CheckOutcome.Failed => Color.Error,
        CheckOutcome.Warning => Color.Warning,
        _ => Color.Default,
    };
}
