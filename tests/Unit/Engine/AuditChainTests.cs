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
    [InlineData("EntityType")]
    [InlineData("EntityId")]
    [InlineData("Before")]
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
            case "EntityType": victim.EntityType = "version"; break;
            case "EntityId": victim.EntityId = "other"; break;
            case "Before": victim.Before = "{\"n\":-1}"; break;
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

    [Fact]
    public void Editing_only_the_stored_previous_hash_breaks_the_chain_at_that_event()
    {
        var events = Chain(5);
        var victim = events[2];
        victim.PreviousHash = events[0].Hash;
        Assert.Equal(victim.Id, AuditChain.FindFirstBroken(Key, events));
    }

    [Fact]
    public void Editing_only_the_sequence_breaks_the_chain_at_that_event()
    {
        var events = Chain(5);
        events[2].Sequence = 7;
        Assert.Equal(events[2].Id, AuditChain.FindFirstBroken(Key, events));
    }

    [Fact]
    public void Swapping_two_events_breaks_the_chain()
    {
        var events = Chain(5);
        (events[1], events[2]) = (events[2], events[1]);
        Assert.Equal(events[1].Id, AuditChain.FindFirstBroken(Key, events));
    }

    [Fact]
    public void Hash_is_byte_for_byte_the_first_definition_for_any_text()
    {
        // The first version built the canonical form with a StringBuilder; stored chains depend on it.
        var random = new Random(7);
        string? Text()
        {
            var kind = random.Next(6);
            if (kind == 0)
            {
                return null;
            }

            if (kind == 1)
            {
                return "";
            }

            var chars = new char[random.Next(1, 300)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = random.Next(5) switch
                {
                    0 => (char)random.Next(0x20, 0x7f),
                    1 => (char)random.Next(0xa0, 0x800),
                    2 => (char)random.Next(0x800, 0xd800),
                    3 => (char)random.Next(0xd800, 0xe000), // lone surrogates too
                    _ => '\n',
                };
            }

            return new string(chars);
        }

        for (var i = 0; i < 500; i++)
        {
            var e = new AuditEvent
            {
                Sequence = random.NextInt64(-5, long.MaxValue),
                At = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc),
                Actor = Text() ?? "",
                Action = Text() ?? "",
                EntityType = Text() ?? "",
                EntityId = Text() ?? "",
                Before = Text(),
                After = Text(),
                Reason = Text(),
            };
            var previous = i % 3 == 0 ? "" : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
            Assert.Equal(FirstDefinition(Key, e, previous), AuditChain.ComputeHash(Key, e, previous));
        }
    }

    [Fact]
    public void Head_mac_binds_sequence_and_hash()
    {
        var events = Chain(3);
        var mac = AuditChain.ComputeHeadMac(Key, 3, events[2].Hash);
        Assert.NotEqual(mac, AuditChain.ComputeHeadMac(Key, 2, events[2].Hash));
        Assert.NotEqual(mac, AuditChain.ComputeHeadMac(Key, 3, events[1].Hash));
        Assert.NotEqual(mac, AuditChain.ComputeHeadMac(new byte[32], 3, events[2].Hash));
    }

    private static string FirstDefinition(byte[] key, AuditEvent e, string previousHash)
    {
        var canonical = new System.Text.StringBuilder();
        void Append(string? field)
        {
            if (field is null)
            {
                canonical.Append("-1:");
                return;
            }

            canonical.Append(field.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        Append(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append(DateTime.SpecifyKind(e.At, DateTimeKind.Utc).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append(e.Actor);
        Append(e.Action);
        Append(e.EntityType);
        Append(e.EntityId);
        Append(e.Before);
        Append(e.After);
        Append(e.Reason);
        Append(previousHash);
        return Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
