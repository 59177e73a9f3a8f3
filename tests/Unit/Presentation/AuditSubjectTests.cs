using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Portal.Components.Shared;

namespace ModelLifecycle.Tests.Unit.Presentation;

public sealed class AuditSubjectTests
{
    private static AuditEvent Event(string entityId, string? before, string? after) => new()
    {
        Actor = "a",
        Action = "x",
        EntityType = "promotion",
        EntityId = entityId,
        Before = before,
        After = after,
    };

    [Fact]
    public void Promotion_is_named_by_model_version_and_target_stage()
    {
        var e = Event("0b6f…", null, """{"id":"0b6f","model":"credit-risk","version":"1.1.0","fromStage":"Staging","targetStage":"Production"}""");
        Assert.Equal("credit-risk@1.1.0 → Production", AuditSubject.Describe(e));
    }

    [Fact]
    public void Drift_report_without_version_is_named_by_its_model()
    {
        var e = Event("9a", null, """{"id":"9a","model":"churn","version":null,"driftShare":0.4}""");
        Assert.Equal("churn", AuditSubject.Describe(e));
    }

    [Fact]
    public void Falls_back_to_the_before_snapshot_then_to_the_entity_id()
    {
        Assert.Equal("m@2.0.0", AuditSubject.Describe(Event("id", """{"model":"m","version":"2.0.0"}""", """{"status":"Expired"}""")));
        Assert.Equal("m@1.0.0", AuditSubject.Describe(Event("m@1.0.0", """{"stage":"None"}""", """{"stage":"Staging"}""")));
        Assert.Equal("user@x.test", AuditSubject.Describe(Event("user@x.test", null, null)));
        Assert.Equal("broken", AuditSubject.Describe(Event("broken", null, """{"model": "unterminated""")));
    }
}
