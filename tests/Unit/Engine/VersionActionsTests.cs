using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.Engine;

/// <summary>The model page's buttons come from <see cref="StageRules.ActionsFor"/>; it must agree with what the engine enforces.</summary>
public sealed class VersionActionsTests
{
    private static readonly Actor Engineer = EngineHarness.Engineer;

    public static TheoryData<Stage, VersionAction[]> Expected => new()
    {
        { Stage.None, [VersionAction.MoveToStaging, VersionAction.Archive] },
        { Stage.Staging, [VersionAction.RequestProduction, VersionAction.Archive] },
        { Stage.Production, [VersionAction.Archive] },
        { Stage.Archived, [VersionAction.MoveToStaging] },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Engineer_is_offered_the_moves_of_the_stage_table(Stage stage, VersionAction[] expected) =>
        Assert.Equal(expected, StageRules.ActionsFor(stage, healthy: true, hasPendingRequest: false, Engineer));

    [Fact]
    public void Every_offered_move_is_one_the_engine_accepts_and_every_refused_move_is_not_offered()
    {
        foreach (var stage in Enum.GetValues<Stage>())
        {
            var offered = StageRules.ActionsFor(stage, healthy: true, hasPendingRequest: false, Engineer);
            Assert.Equal(Accepts(() => StageRules.EnsureDirectMoveAllowed(stage, Stage.Staging)), offered.Contains(VersionAction.MoveToStaging));
            Assert.Equal(Accepts(() => StageRules.EnsureDirectMoveAllowed(stage, Stage.Archived)), offered.Contains(VersionAction.Archive));
            Assert.Equal(Accepts(() => StageRules.EnsureAllowed(stage, Stage.Production)), offered.Contains(VersionAction.RequestProduction));
        }
    }

    [Fact]
    public void No_production_request_while_one_is_pending_or_the_version_is_unhealthy()
    {
        Assert.DoesNotContain(VersionAction.RequestProduction, StageRules.ActionsFor(Stage.Staging, healthy: true, hasPendingRequest: true, Engineer));
        Assert.DoesNotContain(VersionAction.RequestProduction, StageRules.ActionsFor(Stage.Staging, healthy: false, hasPendingRequest: false, Engineer));
    }

    [Fact]
    public void Viewer_is_offered_nothing() =>
        Assert.Empty(StageRules.ActionsFor(Stage.None, healthy: true, hasPendingRequest: false, EngineHarness.Viewer));

    private static bool Accepts(Action move)
    {
        try
        {
            move();
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }
}
