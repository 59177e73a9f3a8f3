using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Portal.Components.Shared;

namespace ModelLifecycle.Tests.Unit.Presentation;

public sealed class AuditSentenceTests
{
    private static AuditEvent Event(string actor, string action, string entityId, string? after) => new()
    {
        Actor = actor,
        Action = action,
        EntityType = "x",
        EntityId = entityId,
        After = after,
    };

    [Fact]
    public void Stage_change_reads_as_who_moved_what_where()
    {
        var e = Event("engineer@modellifecycle.local", "version.stage_changed", "credit-risk@1.1.0", """{"stage":"Staging"}""");
        Assert.Equal("engineer moved credit-risk@1.1.0 to Staging", AuditSentence.Describe(e));
    }

    [Fact]
    public void Promotion_decisions_name_the_version_and_the_target()
    {
        var after = """{"model":"credit-risk","version":"1.1.0","targetStage":"Production"}""";
        Assert.Equal("approver approved credit-risk@1.1.0 → Production", AuditSentence.Describe(Event("approver@x.test", "promotion.approved", "guid", after)));
        Assert.Equal("engineer requested credit-risk@1.1.0 → Production", AuditSentence.Describe(Event("engineer@x.test", "promotion.requested", "guid", after)));
    }

    [Fact]
    public void A_key_keeps_its_owner_and_name_and_unknown_actions_fall_back_to_the_code()
    {
        var e = Event("admin@x.test via key ci-bot", "something.new", "m@1.0.0", null);
        Assert.Equal("admin via key ci-bot something.new m@1.0.0", AuditSentence.Describe(e));
    }

    [Fact]
    public void Deployment_events_read_as_sentences_not_codes()
    {
        Assert.Equal("system rolled back credit-risk to its stable version", AuditSentence.Describe(Event("system", "deployment.rolled_back", "credit-risk", null)));
        Assert.Equal("engineer changed the traffic split of credit-risk", AuditSentence.Describe(Event("engineer@x.test", "deployment.traffic_changed", "credit-risk", null)));
        Assert.Equal("engineer moved the traffic of an archived version of credit-risk to its stable version", AuditSentence.Describe(Event("engineer@x.test", "deployment.archived", "credit-risk", null)));
        Assert.Equal("admin something new (credit-risk)", AuditSentence.Describe(Event("admin@x.test", "deployment.something_new", "credit-risk", null)));
        Assert.Equal("Breach: waiting for a person", DeploymentEventWords.Of("breach_alert"));
        Assert.Equal("Something new", DeploymentEventWords.Of("something_new"));
    }
}
