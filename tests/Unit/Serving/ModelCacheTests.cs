using System.Collections.Concurrent;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Tests.Unit.Engine;

namespace ModelLifecycle.Tests.Unit.Serving;

public sealed class ModelCacheTests
{
    private static readonly ModelCacheOptions Options = new() { MaxEntries = 3, MaxBytes = 100, Ttl = TimeSpan.FromMinutes(10) };

    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentDictionary<string, int> loadCounts = new();
    private readonly Dictionary<string, long> sizes = [];

    private ModelCache<string> Cache(ModelCacheOptions? options = null) => new(
        (key, _) =>
        {
            var count = loadCounts.AddOrUpdate(key, 1, (_, n) => n + 1);
            return ValueTask.FromResult(new LoadedModel<string>($"{key}#{count}", sizes.GetValueOrDefault(key, 10)));
        },
        options ?? Options,
        clock);

    [Fact]
    public async Task A_second_get_is_a_hit_without_loading_again()
    {
        var cache = Cache();

        Assert.Equal("a#1", await cache.GetAsync("a"));
        Assert.Equal("a#1", await cache.GetAsync("a"));

        Assert.Equal(new ModelCacheStats(Hits: 1, Misses: 1, Loads: 1, LoadFailures: 0, Evictions: 0, Entries: 1, Bytes: 10), cache.Stats);
    }

    [Fact]
    public async Task The_least_recently_used_model_is_evicted_at_the_count_limit()
    {
        var cache = Cache();
        await cache.GetAsync("a");
        await cache.GetAsync("b");
        await cache.GetAsync("c");
        await cache.GetAsync("a"); // b is now the least recently used

        await cache.GetAsync("d");

        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal("a#1", a);
        Assert.Equal((1, 3, 30L), (cache.Stats.Evictions, cache.Stats.Entries, cache.Stats.Bytes));
    }

    [Fact]
    public async Task Models_are_evicted_until_the_bytes_fit()
    {
        sizes["a"] = 40;
        sizes["b"] = 40;
        sizes["c"] = 50;
        var cache = Cache();
        await cache.GetAsync("a");
        await cache.GetAsync("b");

        await cache.GetAsync("c"); // 130 bytes: a goes (90 left)

        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("b", out _));
        Assert.Equal((1, 90L), (cache.Stats.Evictions, cache.Stats.Bytes));
    }

    [Fact]
    public async Task A_model_larger_than_the_byte_limit_is_served_but_not_kept()
    {
        sizes["huge"] = 101;
        var cache = Cache();
        await cache.GetAsync("a");

        Assert.Equal("huge#1", await cache.GetAsync("huge"));

        Assert.True(cache.TryGet("a", out _));
        Assert.Equal((1, 1, 10L), (cache.Stats.Evictions, cache.Stats.Entries, cache.Stats.Bytes));
        Assert.Equal("huge#2", await cache.GetAsync("huge"));
    }

    [Fact]
    public async Task An_idle_model_expires_after_the_ttl_and_use_keeps_it_alive()
    {
        var cache = Cache();
        await cache.GetAsync("a");
        await cache.GetAsync("b");

        clock.Now += TimeSpan.FromMinutes(9);
        await cache.GetAsync("a"); // used: fresh for another 10 minutes
        clock.Now += TimeSpan.FromMinutes(1); // b idle exactly 10 minutes: expired

        Assert.False(cache.TryGet("b", out _));
        Assert.Equal("a#1", await cache.GetAsync("a"));
        clock.Now += TimeSpan.FromMinutes(10);
        Assert.Equal("a#2", await cache.GetAsync("a"));
        Assert.Equal(2, cache.Stats.Evictions);
        Assert.Equal(3, cache.Stats.Loads);
    }

    [Fact]
    public async Task Concurrent_misses_load_once()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var cache = new ModelCache<object>(
            async (key, _) =>
            {
                Interlocked.Increment(ref calls);
                await gate.Task;
                return new LoadedModel<object>(new object(), 1);
            },
            Options,
            clock);

        var waiting = Enumerable.Range(0, 32).Select(_ => cache.GetAsync("a").AsTask()).ToList();
        gate.SetResult();
        var models = await Task.WhenAll(waiting);

        Assert.Equal(1, calls);
        Assert.All(models, model => Assert.Same(models[0], model));
        Assert.Equal((32L, 1L, 1), (cache.Stats.Misses, cache.Stats.Loads, cache.Stats.Entries));
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_cancel_the_load_for_others()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cache = new ModelCache<string>(
            async (key, token) =>
            {
                await gate.Task.WaitAsync(token);
                return new LoadedModel<string>(key, 1);
            },
            Options,
            clock);
        using var impatient = new CancellationTokenSource();

        var first = cache.GetAsync("a", impatient.Token).AsTask();
        var second = cache.GetAsync("a").AsTask();
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        gate.SetResult();

        Assert.Equal("a", await second);
        Assert.True(cache.TryGet("a", out _));
    }

    [Fact]
    public async Task A_failed_load_reaches_every_waiter_and_is_not_cached()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = 0;
        var cache = new ModelCache<string>(
            async (key, _) =>
            {
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    await gate.Task;
                    throw DomainException.Invalid("artifact hash mismatch");
                }

                return new LoadedModel<string>(key, 1);
            },
            Options,
            clock);

        var waiting = new[] { cache.GetAsync("a").AsTask(), cache.GetAsync("a").AsTask() };
        gate.SetResult();

        foreach (var waiter in waiting)
        {
            Assert.Equal("artifact hash mismatch", (await Assert.ThrowsAsync<DomainException>(() => waiter)).Message);
        }

        Assert.Equal((1L, 0), (cache.Stats.LoadFailures, cache.Stats.Entries));
        Assert.Equal("a", await cache.GetAsync("a"));
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_load_in_flight_when_the_model_is_removed_is_served_but_not_stored()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var cache = new ModelCache<string>(
            async (key, _) =>
            {
                var call = Interlocked.Increment(ref calls);
                if (call == 1)
                {
                    await gate.Task;
                }

                return new LoadedModel<string>($"{key}#{call}", 1);
            },
            Options,
            clock);

        var stale = cache.GetAsync("a").AsTask();
        Assert.True(cache.Remove("a"));
        gate.SetResult();

        Assert.Equal("a#1", await stale);
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal("a#2", await cache.GetAsync("a"));
    }

    [Fact]
    public async Task Clear_empties_the_cache_and_keeps_the_counters()
    {
        var cache = Cache();
        await cache.PreloadAsync(["a", "b"]);

        cache.Clear();

        Assert.Equal(new ModelCacheStats(Hits: 0, Misses: 2, Loads: 2, LoadFailures: 0, Evictions: 0, Entries: 0, Bytes: 0), cache.Stats);
        Assert.Equal("a#2", await cache.GetAsync("a"));
    }

    [Fact]
    public void Nonsense_limits_are_refused()
    {
        Assert.Throws<DomainException>(() => Cache(Options with { MaxEntries = 0 }));
        Assert.Throws<DomainException>(() => Cache(Options with { MaxBytes = 0 }));
        Assert.Throws<DomainException>(() => Cache(Options with { Ttl = TimeSpan.Zero }));
    }
}
