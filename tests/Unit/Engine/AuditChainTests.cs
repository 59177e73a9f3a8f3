using ModelLifecycle.Domain.Audit;

namespace ModelLifecycle.Tests.Unit.Engine;

public sealed class AuditChainTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static List<AuditEvent> Chain(int n)
    {
        var events = new List<AuditEvent>();
        var hash = "";
        for (var i = 0; i < n; i++)
        {
            var e = new AuditEvent
            {
                Id = i + 100,
                At = new DateTime(2026, 1, 1, 0, 0, i, DateTimeKind.Utc),
                Actor = "a@test",
                Action = "model.created",
                EntityType = "model",
                EntityId = $"m{i}",
                After = $"{{\"n\":{i}}}",
            };
            AuditChain.Seal(Key, e, i, hash);
            hash = e.Hash;
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public void Intact_chain_verifies()
    {
        Assert.Null(AuditChain.FindFirstBroken(Key, Chain(5)));
    }

    [Theory]
    [InlineData("Actor")]
    [InlineData("Action")]
    [InlineData("EntityId")]
    [InlineData("After")]
    [InlineData("Reason")]
    [InlineData("At")]
    public void Editing_any_field_breaks_the_chain_at_that_event(string field)
    {
        var events = Chain(5);
        var victim = events[2];
        switch (field)
        {
            case "Actor": victim.Actor = "mallory"; break;
            case "Action": victim.Action = "model.deleted"; break;
            case "EntityId": victim.EntityId = "other"; break;
            case "After": victim.After = "{\"n\":99}"; break;
            case "Reason": victim.Reason = "because"; break;
            case "At": victim.At = victim.At.AddSeconds(1); break;
        }

        Assert.Equal(victim.Id, AuditChain.FindFirstBroken(Key, events));
    }

    [Fact]
    public void Removing_an_event_breaks_the_chain_at_the_next_one()
    {
        var events = Chain(5);
        var next = events[3];
        events.RemoveAt(2);
        Assert.Equal(next.Id, AuditChain.FindFirstBroken(Key, events));
    }

    [Fact]
    public void Recomputing_hashes_without_the_key_does_not_verify()
    {
        var events = Chain(3);
        var wrongKey = new byte[32];
        Assert.Equal(events[0].Id, AuditChain.FindFirstBroken(wrongKey, events));
    }
}
