namespace Splp.Gateway.Caching;

/// <summary>The level replicas share: nothing in the embedded default, Redis when configured.</summary>
internal interface ISharedResponseCache
{
    /// <summary>The entry under <paramref name="key"/>, or null (also when the store is unreachable).</summary>
    ValueTask<CachedResponse?> GetAsync(string key);

    /// <summary>Stores <paramref name="entry"/> until it can no longer be served; failures are counted, not thrown.</summary>
    Task SetAsync(string key, CachedResponse entry);

    /// <summary>Removes every entry whose key starts with <paramref name="prefix"/> and tells every replica to drop its memory level.</summary>
    Task<long> PurgeAsync(string prefix);
}

/// <summary>The embedded default: no shared level; purges reach only this process's memory level.</summary>
internal sealed class NoSharedResponseCache(MemoryResponseCache memory) : ISharedResponseCache
{
    public ValueTask<CachedResponse?> GetAsync(string key) => ValueTask.FromResult<CachedResponse?>(null);

    public Task SetAsync(string key, CachedResponse entry) => Task.CompletedTask;

    public Task<long> PurgeAsync(string prefix) => Task.FromResult<long>(memory.RemovePrefix(prefix));
}
