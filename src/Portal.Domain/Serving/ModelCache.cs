namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// Loaded models kept in memory, least recently used first out, bounded by count and bytes, with idle expiry.
/// Concurrent misses for one key share a single load (single flight), so a cold model under load is read and
/// checked once. Loads run on the cache's behalf, not the caller's: one waiter giving up (its token cancelled)
/// does not cancel the load the others wait for. A failed load is not cached; the next request tries again.
/// <para>
/// <see cref="Remove"/> and <see cref="Clear"/> also forget loads in flight, so a load that started before them
/// (say of an artifact just found tampered) is handed to its waiters but never stored.
/// </para>
/// Evicted models are only dropped from the cache, not disposed: a request may still be scoring with one.
/// </summary>
public sealed class ModelCache<TModel>
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> entries = new(StringComparer.Ordinal);

    // Most recently used first; the tail is the eviction candidate and, since order is by last use, also the
    // first to expire, so expiry is a walk from the tail that stops at the first fresh entry.
    private readonly LinkedList<Entry> recency = new();
    private readonly Dictionary<string, TaskCompletionSource<LoadedModel<TModel>>> loading = new(StringComparer.Ordinal);
    private readonly Func<string, CancellationToken, ValueTask<LoadedModel<TModel>>> loader;
    private readonly ModelCacheOptions options;
    private readonly TimeProvider clock;
    private long hits, misses, loads, loadFailures, evictions, bytes;

    public ModelCache(Func<string, CancellationToken, ValueTask<LoadedModel<TModel>>> loader, ModelCacheOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(clock);
        this.loader = loader;
        this.options = options.Validated();
        this.clock = clock;
    }

    public ModelCacheStats Stats
    {
        get
        {
            lock (gate)
            {
                return new ModelCacheStats(hits, misses, loads, loadFailures, evictions, entries.Count, bytes);
            }
        }
    }

    /// <summary>The model for <paramref name="key"/>, from memory or loaded once however many ask at the same time.</summary>
    public async ValueTask<TModel> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        TaskCompletionSource<LoadedModel<TModel>>? load;
        var start = false;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            Expire(now);
            if (entries.TryGetValue(key, out var node))
            {
                hits++;
                Touch(node, now);
                return node.Value.Model;
            }

            misses++;
            if (!loading.TryGetValue(key, out load))
            {
                load = new TaskCompletionSource<LoadedModel<TModel>>(TaskCreationOptions.RunContinuationsAsynchronously);
                loading[key] = load;
                loads++;
                start = true;
            }
        }

        if (start)
        {
            StartLoad(key, load);
        }

        var loaded = await load.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return loaded.Model;
    }

    /// <summary>True with the model when it is in memory and fresh; counts as a hit or miss but never loads.</summary>
    public bool TryGet(string key, out TModel? model)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            Expire(now);
            if (entries.TryGetValue(key, out var node))
            {
                hits++;
                Touch(node, now);
                model = node.Value.Model;
                return true;
            }

            misses++;
            model = default;
            return false;
        }
    }

    /// <summary>Loads every key not yet in memory (deployed versions at start or on deployment).</summary>
    public async Task PreloadAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            await GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Drops one model, and any load of it in flight, so the next request loads it afresh.</summary>
    public bool Remove(string key)
    {
        lock (gate)
        {
            var removedLoad = loading.Remove(key);
            if (!entries.TryGetValue(key, out var node))
            {
                return removedLoad;
            }

            Drop(node);
            return true;
        }
    }

    /// <summary>Drops every model and forgets loads in flight; counters are kept.</summary>
    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
            recency.Clear();
            loading.Clear();
            bytes = 0;
        }
    }

    // Off the caller's stack and outside the lock: a loader that completes synchronously must not store while
    // GetAsync still holds the gate, and the caller's cancellation must not reach it. A separate method so the
    // lambda's closure is allocated only when a load starts, not on every hit.
    private void StartLoad(string key, TaskCompletionSource<LoadedModel<TModel>> load) => _ = Task.Run(() => LoadAsync(key, load));

    private async Task LoadAsync(string key, TaskCompletionSource<LoadedModel<TModel>> load)
    {
        LoadedModel<TModel> loaded;
        try
        {
            loaded = await loader(key, CancellationToken.None).ConfigureAwait(false);
            ArgumentNullException.ThrowIfNull(loaded);
            ArgumentOutOfRangeException.ThrowIfNegative(loaded.SizeBytes);
        }
        catch (Exception error)
        {
            lock (gate)
            {
                loadFailures++;
                Forget(key, load);
            }

            load.TrySetException(error);
            return;
        }

        lock (gate)
        {
            if (Forget(key, load))
            {
                Store(key, loaded);
            }
        }

        load.TrySetResult(loaded);
    }

    /// <summary>Ends this load's registration; false when Remove or Clear already forgot it (then it is not stored).</summary>
    private bool Forget(string key, TaskCompletionSource<LoadedModel<TModel>> load)
    {
        if (loading.TryGetValue(key, out var current) && ReferenceEquals(current, load))
        {
            loading.Remove(key);
            return true;
        }

        return false;
    }

    private void Store(string key, LoadedModel<TModel> loaded)
    {
        if (entries.TryGetValue(key, out var existing))
        {
            Drop(existing);
        }

        // A model larger than the whole budget is served to its waiters but never admitted: admitting it first
        // would evict every other model on the way to evicting itself.
        if (loaded.SizeBytes > options.MaxBytes)
        {
            evictions++;
            return;
        }

        var now = clock.GetUtcNow();
        var node = recency.AddFirst(new Entry(key, loaded.Model, loaded.SizeBytes) { LastUsed = now });
        entries[key] = node;
        bytes += loaded.SizeBytes;
        Expire(now);

        // The newest entry fits on its own, so this stops before reaching it.
        while (entries.Count > options.MaxEntries || bytes > options.MaxBytes)
        {
            Drop(recency.Last!);
            evictions++;
        }
    }

    private void Touch(LinkedListNode<Entry> node, DateTimeOffset now)
    {
        node.Value.LastUsed = now;
        if (recency.First != node)
        {
            recency.Remove(node);
            recency.AddFirst(node);
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (recency.Last is { } oldest && now - oldest.Value.LastUsed >= options.Ttl)
        {
            Drop(oldest);
            evictions++;
        }
    }

    private void Drop(LinkedListNode<Entry> node)
    {
        recency.Remove(node);
        entries.Remove(node.Value.Key);
        bytes -= node.Value.SizeBytes;
    }

    private sealed record Entry(string Key, TModel Model, long SizeBytes)
    {
        public DateTimeOffset LastUsed { get; set; }
    }
}
