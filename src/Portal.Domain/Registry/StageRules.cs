using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Registry;

/// <summary>
/// Which stage moves are allowed. Forward: None → Staging → Production → Archived; any stage may be archived;
/// an archived version may come back to Staging (re-validation). Production is reached only through an
/// approved promotion request, never by a direct stage change.
/// </summary>
public static class StageRules
{
    public static bool IsAllowed(Stage from, Stage to) => (from, to) switch
    {
        _ when from == to => false,
        (Stage.None, Stage.Staging) => true,
        (Stage.Staging, Stage.Production) => true,
        (Stage.Archived, Stage.Staging) => true,
        (_, Stage.Archived) => true,
        _ => false,
    };

    /// <summary>Throws with the reason when a direct (unapproved) move is not allowed.</summary>
    public static void EnsureDirectMoveAllowed(Stage from, Stage to)
    {
        if (to == Stage.Production)
        {
            throw DomainException.Invalid("A version reaches Production only through an approved promotion request.");
        }

        EnsureAllowed(from, to);
    }

    public static void EnsureAllowed(Stage from, Stage to)
    {
        if (!IsAllowed(from, to))
        {
            throw DomainException.Invalid($"A version in {from} cannot move to {to}. Allowed: None → Staging → Production → Archived, any stage → Archived, Archived → Staging.");
        }
    }

    /// <summary>Stages a promotion request may target.</summary>
    public static bool IsPromotionTarget(Stage stage) => stage is Stage.Staging or Stage.Production;

    public static Stage ParseStage(string? text) => StrictEnum.Parse<Stage>(text, "stage");

    /// <summary>
    /// What a person may do with a version now, from the same <see cref="IsAllowed"/> table the engine enforces:
    /// the portal shows exactly these buttons, and the API refuses every other move with the reason above.
    /// </summary>
    public static IReadOnlyList<VersionAction> ActionsFor(Stage stage, bool healthy, bool hasPendingRequest, Actor actor)
    {
        if (!actor.CanEngineer)
        {
            return [];
        }

        var actions = new List<VersionAction>(3);
        if (IsAllowed(stage, Stage.Staging))
        {
            actions.Add(VersionAction.MoveToStaging);
        }

        // One pending request per version: while one waits, asking again only earns a conflict.
        if (IsAllowed(stage, Stage.Production) && healthy && !hasPendingRequest)
        {
            actions.Add(VersionAction.RequestProduction);
        }

        if (IsAllowed(stage, Stage.Archived))
        {
            actions.Add(VersionAction.Archive);
        }

        return actions;
    }
}

/// <summary>A stage action a person can take on a version (see <see cref="StageRules.ActionsFor"/>).</summary>
public enum VersionAction
{
    MoveToStaging,
    RequestProduction,
    Archive,
}
