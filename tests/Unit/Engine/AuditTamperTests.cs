using ModelLifecycle.Domain.Audit;

namespace ModelLifecycle.Tests.Unit.Engine;

/// <summary>
/// An attacker with write access to the SQLite file but not the key: what verify catches, over the real engine.
/// </summary>
public sealed class AuditTamperTests
{
    [Fact]
    public async Task Intact_chain_verifies_with_a_signed_head()
    {
        await using var engine = new EngineHarness();
        await CreateModelsAsync(engine, 3);
        var result = await engine.Audit.VerifyAsync(CancellationToken.None);
        Assert.True(result.Valid, result.Message);
        Assert.Equal(AuditProblem.None, result.Problem);
        Assert.NotEqual("", engine.ScalarSql("SELECT Hmac FROM AuditChainHeads"));
    }

    [Fact]
    public async Task Rewinding_the_head_to_an_older_event_fails_the_head_hmac()
    {
        await using var engine = new EngineHarness();
        await CreateModelsAsync(engine, 3);
        // Delete the newest event and set the head back to the one before it, keeping the head's HMAC.
        engine.ExecuteSql("""
            DELETE FROM AuditEvents WHERE Sequence = (SELECT MAX(Sequence) FROM AuditEvents);
            UPDATE AuditChainHeads SET LastSequence = (SELECT MAX(Sequence) FROM AuditEvents),
                                       LastHash = (SELECT Hash FROM AuditEvents ORDER BY Sequence DESC LIMIT 1);
            """);

        var result = await engine.Audit.VerifyAsync(CancellationToken.None);
        Assert.False(result.Valid);
        Assert.Equal(AuditProblem.HeadHmac, result.Problem);
        Assert.Contains("head", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Deleting_the_newest_events_without_touching_the_head_is_caught()
    {
        await using var engine = new EngineHarness();
        await CreateModelsAsync(engine, 3);
        engine.ExecuteSql("DELETE FROM AuditEvents WHERE Sequence = (SELECT MAX(Sequence) FROM AuditEvents);");

        var result = await engine.Audit.VerifyAsync(CancellationToken.None);
        Assert.Equal(AuditProblem.HeadMismatch, result.Problem);
    }

    [Fact]
    public async Task Editing_only_the_stored_previous_hash_column_is_caught()
    {
        await using var engine = new EngineHarness();
        await CreateModelsAsync(engine, 3);
        var victim = (long)engine.ScalarSql("SELECT Id FROM AuditEvents WHERE Sequence = 2")!;
        engine.ExecuteSql("UPDATE AuditEvents SET PreviousHash = (SELECT Hash FROM AuditEvents WHERE Sequence = 2) WHERE Sequence = 2;");

        var result = await engine.Audit.VerifyAsync(CancellationToken.None);
        Assert.Equal(AuditProblem.BrokenLink, result.Problem);
        Assert.Equal(victim, result.FirstBrokenEventId);
        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Restoring_an_old_signed_head_after_truncation_is_caught_by_the_checkpoint()
    {
        await using var engine = new EngineHarness(checkpointEvery: 2);
        await CreateModelsAsync(engine, 1);
        // The attacker keeps a copy of the head row as it is now (signed, valid).
        var oldSequence = (long)engine.ScalarSql("SELECT LastSequence FROM AuditChainHeads")!;
        var oldHash = (string)engine.ScalarSql("SELECT LastHash FROM AuditChainHeads")!;
        var oldMac = (string)engine.ScalarSql("SELECT Hmac FROM AuditChainHeads")!;
        await CreateModelsAsync(engine, 3, first: 1);
        var latest = (await engine.Checkpoints.ReadAsync(CancellationToken.None)).Latest;
        Assert.NotNull(latest);
        Assert.True(latest.Sequence > oldSequence);

        engine.ExecuteSql($"""
            DELETE FROM AuditEvents WHERE Sequence > {oldSequence};
            UPDATE AuditChainHeads SET LastSequence = {oldSequence}, LastHash = '{oldHash}', Hmac = '{oldMac}';
            """);

        var result = await engine.Audit.VerifyAsync(CancellationToken.None);
        Assert.False(result.Valid);
        Assert.Equal(AuditProblem.Checkpoint, result.Problem);
        Assert.Contains($"shorter than checkpoint {latest.Sequence}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_rewritten_with_the_key_differs_from_the_checkpoint()
    {
        await using var engine = new EngineHarness(checkpointEvery: 1);
        await CreateModelsAsync(engine, 2);
        Assert.Contains((await engine.Checkpoints.ReadAsync(CancellationToken.None)).Valid, c => c.Sequence == 1);

        // Someone who holds the key rewrites history consistently: every hash and the head are valid again.
        await using (var db = await engine.Contexts.CreateDbContextAsync())
        {
            var events = db.AuditEvents.OrderBy(e => e.Sequence).ToList();
            events[0].Reason = "rewritten";
            var hash = "";
            foreach (var e in events)
            {
                AuditChain.Seal(engine.Key.Value, e, e.Sequence - 1, hash);
                hash = e.Hash;
            }

            var head = db.AuditChainHeads.Single();
            head.LastHash = hash;
            head.Hmac = AuditChain.ComputeHeadMac(engine.Key.Value, head.LastSequence, hash);
            await db.SaveChangesAsync();
        }

        var result = await engine.Audit.VerifyAsync(CancellationToken.None);
        Assert.Equal(AuditProblem.Checkpoint, result.Problem);
        // Every checkpoint is compared, so the first rewritten event is named.
        Assert.Contains("different from checkpoint 1 ", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Checkpoints_are_written_after_commit_every_n_events_and_signed()
    {
        await using var engine = new EngineHarness(checkpointEvery: 3);
        await CreateModelsAsync(engine, 7);
        var file = await engine.Checkpoints.ReadAsync(CancellationToken.None);
        var head = (long)engine.ScalarSql("SELECT LastSequence FROM AuditChainHeads")!;

        Assert.Empty(file.ForgedLines);
        Assert.NotEmpty(file.Valid);
        // At most N events go by without a checkpoint, and each checkpoint names a committed event.
        Assert.True(head - file.Latest!.Sequence < 3);
        foreach (var c in file.Valid)
        {
            Assert.Equal(c.Hash, (string)engine.ScalarSql($"SELECT Hash FROM AuditEvents WHERE Sequence = {c.Sequence}")!);
        }

        Assert.True((await engine.Audit.VerifyAsync(CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task The_timed_checkpoint_writes_only_when_the_chain_moved_and_never_for_a_forged_head()
    {
        await using var engine = new EngineHarness(checkpointEvery: 100);
        await CreateModelsAsync(engine, 2);
        Assert.Empty((await engine.Checkpoints.ReadAsync(CancellationToken.None)).Valid);

        await engine.Checkpoints.WriteIfMovedAsync(engine.Contexts, CancellationToken.None);
        var head = (long)engine.ScalarSql("SELECT LastSequence FROM AuditChainHeads")!;
        Assert.Equal(head, (await engine.Checkpoints.ReadAsync(CancellationToken.None)).Latest!.Sequence);

        await engine.Checkpoints.WriteIfMovedAsync(engine.Contexts, CancellationToken.None);
        Assert.Single((await engine.Checkpoints.ReadAsync(CancellationToken.None)).Valid);

        await CreateModelsAsync(engine, 1, first: 5);
        engine.ExecuteSql("UPDATE AuditChainHeads SET Hmac = 'forged';");
        await engine.Checkpoints.WriteIfMovedAsync(engine.Contexts, CancellationToken.None);
        Assert.Single((await engine.Checkpoints.ReadAsync(CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task A_forged_checkpoint_line_is_reported()
    {
        await using var engine = new EngineHarness(checkpointEvery: 1);
        await CreateModelsAsync(engine, 2);
        var lines = await File.ReadAllLinesAsync(engine.Checkpoints.FilePath);
        await File.AppendAllTextAsync(engine.Checkpoints.FilePath, lines[0].Replace("\"sequence\":1", "\"sequence\":99", StringComparison.Ordinal) + "\n");

        var result = await engine.Audit.VerifyAsync(CancellationToken.None);
        Assert.False(result.Valid);
        Assert.Equal(AuditProblem.Checkpoint, result.Problem);
        Assert.Contains($"line {lines.Length + 1}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_written_before_heads_were_signed_is_signed_only_if_the_chain_verifies()
    {
        await using var engine = new EngineHarness();
        await CreateModelsAsync(engine, 2);
        engine.ExecuteSql("UPDATE AuditChainHeads SET Hmac = '';");
        Assert.Equal(AuditProblem.HeadHmac, (await engine.Audit.VerifyAsync(CancellationToken.None)).Problem);

        Assert.True(await engine.Audit.SignLegacyHeadAsync(CancellationToken.None));
        Assert.True((await engine.Audit.VerifyAsync(CancellationToken.None)).Valid);

        engine.ExecuteSql("UPDATE AuditChainHeads SET Hmac = ''; UPDATE AuditEvents SET Actor = 'mallory' WHERE Sequence = 1;");
        Assert.False(await engine.Audit.SignLegacyHeadAsync(CancellationToken.None));
        Assert.Equal("", engine.ScalarSql("SELECT Hmac FROM AuditChainHeads"));
    }

    private static async Task CreateModelsAsync(EngineHarness engine, int count, int first = 0)
    {
        for (var i = first; i < first + count; i++)
        {
            await engine.CreateModelAsync($"model-{i}");
            engine.Clock.Now = engine.Clock.Now.AddMinutes(1);
        }
    }
}
