using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Tests.Unit.Engine;

namespace ModelLifecycle.Tests.Unit.Audit;

/// <summary>
/// Verify reads the stored chain as bytes (SQLite's UTF-8, no strings, no entities). These tests pin that the bytes it
/// hashes are those <see cref="AuditChain"/> hashes when it seals an event: events sealed by the real SaveChangesAsync
/// with awkward text must verify through both readings, and a changed byte must still break the chain.
/// </summary>
public sealed class AuditVerifyFastPathTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc);

    // Non-ASCII of every UTF-8 length, surrogate pairs, a lone surrogate (stored as U+FFFD, hashed the same way),
    // the canonical form's own separators, control characters, empty strings and nulls.
    private static readonly string?[] Tricky =
    [
        "zoë@exämple.com", "日本語のテキスト", "emoji 😀👩‍🔬 and 𝄞", "lone \ud800 surrogate", "3:abc\n-1:", "", null,
        "tab\tcr\rnul end", "{\"before\":\"naïve\",\"n\":[1,2,3]}", new string('é', 5000), "\u00a0\u2028\ufeff",
    ];

    [Fact]
    public void The_canonical_hash_is_the_one_chains_were_written_with()
    {
        // Computed with AuditChain as it was before verify read bytes: existing databases and exports depend on it.
        var e = new AuditEvent
        {
            Sequence = 42,
            At = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567),
            Actor = "zoë@exämple.com",
            Action = "version.stage_changed",
            EntityType = "version",
            EntityId = "crédit-risk@1.2.3",
            Before = null,
            After = "{\"note\":\"日本語 😀 \\\" é\",\"n\":[1,2,3]}",
            Reason = "",
        };
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        Assert.Equal("42d8da3644890a8664423f62753c1bae9e72f5a25ddfe113c9ae8f32a4524a27", AuditChain.ComputeHash(key, e, "00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Events_with_awkward_text_sealed_by_save_verify_when_read_as_bytes(bool native)
    {
        var reading = native ? AuditChainReading.Native : AuditChainReading.DataReader;
        await using var engine = new EngineHarness();
        var count = await WriteTrickyEventsAsync(engine);

        var result = await engine.Audit.VerifyAsync(reading, CancellationToken.None);

        Assert.True(result.Valid, result.Message);
        Assert.Equal(count, result.Events);
    }

    /// <summary>
    /// A NUL in a long reason used to be stored cut at the NUL (SQLite's text binding) while the hash covered the whole
    /// text, so the event failed verify as if tampered with. Sealing stores U+FFFD in its place and hashes that.
    /// </summary>
    [Theory]
    [InlineData(5)]
    [InlineData(2000)]
    public async Task Text_with_a_nul_character_is_sealed_as_it_is_stored_and_verifies_through_both_readings(int length)
    {
        await using var engine = new EngineHarness();
        var reason = "before\0after " + new string('z', length);
        await using (var db = await engine.Contexts.CreateDbContextAsync())
        {
            db.AuditEvents.Add(new AuditEvent { At = Start, Actor = "engineer\0x", Action = "test.nul", EntityType = "model", EntityId = "m", After = "{}", Reason = reason });
            await db.SaveChangesAsync();
        }

        Assert.Equal(reason.Replace('\0', '\uFFFD'), engine.ScalarSql("SELECT Reason FROM AuditEvents WHERE Action = 'test.nul'"));
        foreach (var reading in new[] { AuditChainReading.Native, AuditChainReading.DataReader })
        {
            var result = await engine.Audit.VerifyAsync(reading, CancellationToken.None);
            Assert.True(result.Valid, $"{reading}: {result.Message}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Changing_one_byte_of_non_ascii_text_breaks_the_chain_at_that_event(bool native)
    {
        var reading = native ? AuditChainReading.Native : AuditChainReading.DataReader;
        await using var engine = new EngineHarness();
        await WriteTrickyEventsAsync(engine);
        var victim = (long)engine.ScalarSql("SELECT Id FROM AuditEvents WHERE Actor = '日本語のテキスト'")!;
        var sequence = (long)engine.ScalarSql($"SELECT Sequence FROM AuditEvents WHERE Id = {victim}")!;
        // Same length in UTF-16 and in UTF-8: only the content differs.
        engine.ExecuteSql($"UPDATE AuditEvents SET Actor = '日本語のテキス〇' WHERE Id = {victim}");

        var result = await engine.Audit.VerifyAsync(reading, CancellationToken.None);

        Assert.Equal(AuditProblem.BrokenLink, result.Problem);
        Assert.Equal(victim, result.FirstBrokenEventId);
        Assert.Equal(sequence, result.FirstBrokenSequence);
        Assert.Contains("its hash does not match its content", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_longer_than_the_read_ahead_batches_verifies_and_breaks_where_it_was_changed()
    {
        await using var engine = new EngineHarness();
        await using (var db = await engine.Contexts.CreateDbContextAsync())
        {
            // More events than the four batches of 256 rows that go round between the reading thread and the walk.
            for (var i = 0; i < 2_500; i++)
            {
                db.AuditEvents.Add(new AuditEvent { At = Start.AddSeconds(i), Actor = $"user{i % 7}", Action = "test.many", EntityType = "model", EntityId = $"m{i}", After = $"{{\"i\":{i}}}" });
            }

            await db.SaveChangesAsync();
        }

        Assert.True((await engine.Audit.VerifyAsync(CancellationToken.None)).Valid);
        engine.ExecuteSql("UPDATE AuditEvents SET EntityId = 'm0' WHERE Sequence = 2222");

        var result = await engine.Audit.VerifyAsync(CancellationToken.None);
        Assert.Equal(AuditProblem.BrokenLink, result.Problem);
        Assert.Equal(2222, result.FirstBrokenSequence);
        Assert.Equal(2_500, result.Events);
    }

    [Theory]
    [InlineData("CAST(X'66C3' AS TEXT)", "'2026-01-05 09:00:00.5'")]          // invalid UTF-8: a truncated 'é'
    [InlineData("CAST(X'EDA080' AS TEXT)", "'2026-01-05 09:00:00'")]        // a UTF-8-encoded surrogate (invalid)
    [InlineData("'plain'", "'2026-01-05T09:00:00.25'")]                      // a timestamp in another text form
    [InlineData("'plain'", "'2026-1-5 9:00:00'")]
    public async Task Stored_values_off_the_fast_path_hash_as_the_provider_reads_them(string reasonSql, string atSql)
    {
        await using var engine = new EngineHarness();
        await WriteTrickyEventsAsync(engine);
        // Someone with the key stores raw values EF would never write, and seals the event as EF reads it back.
        engine.ExecuteSql($"UPDATE AuditEvents SET Reason = {reasonSql}, At = {atSql} WHERE Sequence = (SELECT MAX(Sequence) FROM AuditEvents)");
        await ResealNewestAsync(engine);

        Assert.True((await engine.Audit.VerifyAsync(AuditChainReading.DataReader, CancellationToken.None)).Valid);
        var result = await engine.Audit.VerifyAsync(AuditChainReading.Native, CancellationToken.None);
        Assert.True(result.Valid, result.Message);
    }

    [Theory]
    [InlineData("2026-01-05 09:00:00")]
    [InlineData("2026-01-05 09:00:00.1")]
    [InlineData("2026-01-05 09:00:00.0000001")]
    [InlineData("2026-01-05 09:00:00.120034")]
    [InlineData("2024-02-29 23:59:59.9999999")]
    [InlineData("0001-01-01 00:00:00")]
    public void The_fast_timestamp_parse_agrees_with_the_provider(string text)
    {
        Assert.True(SqliteTimestamp.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out var ticks));
        Assert.Equal(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture).Ticks, ticks);
    }

    [Theory]
    [InlineData("2026-13-05 09:00:00")]
    [InlineData("2026-02-30 09:00:00")]
    [InlineData("2026-01-05 09:00:60")]
    [InlineData("2026-01-05T09:00:00")]
    [InlineData("2026-01-05 09:00:00.")]
    [InlineData("2026-01-05 09:00:00.12345678")]
    public void Timestamps_the_fast_parse_does_not_take_are_left_to_the_provider(string text) =>
        Assert.False(SqliteTimestamp.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out _));

    private static async Task<int> WriteTrickyEventsAsync(EngineHarness engine)
    {
        await using var db = await engine.Contexts.CreateDbContextAsync();
        var n = 0;
        foreach (var text in Tricky)
        {
            db.AuditEvents.Add(new AuditEvent
            {
                // Whole seconds (stored without a fraction), 7-digit fractions, and trailing zeros trimmed.
                At = Start.AddTicks(n * 12_345_678L + (n % 3 == 0 ? 0 : 1)),
                Actor = text ?? "",
                Action = "test.tricky",
                EntityType = text ?? "null",
                EntityId = $"{n}",
                Before = text,
                After = text is null ? null : $"{{\"text\":\"{text}\",\"long\":\"{new string('x', 3000 * n)}\"}}",
                Reason = n % 2 == 0 ? null : text,
            });
            n++;
        }

        await db.SaveChangesAsync();
        return n;
    }

    private static async Task ResealNewestAsync(EngineHarness engine)
    {
        await using var db = await engine.Contexts.CreateDbContextAsync();
        var newest = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync();
        var hash = AuditChain.ComputeHash(engine.Key.Value, newest, newest.PreviousHash);
        var mac = AuditChain.ComputeHeadMac(engine.Key.Value, newest.Sequence, hash);
        engine.ExecuteSql($"UPDATE AuditEvents SET Hash = '{hash}' WHERE Id = {newest.Id}; UPDATE AuditChainHeads SET LastHash = '{hash}', Hmac = '{mac}';");
    }
}
