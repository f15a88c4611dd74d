using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Splp.Gateway.Caching;

/// <summary>
/// The in-process level: bounded by entry count and bytes; entries are dropped when they can no longer be served
/// (past their stale window), on purge, and when a purge from another replica arrives.
/// </summary>
internal sealed class MemoryResponseCache(IOptions<CachingOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CachedResponse> _entries = new(StringComparer.Ordinal);
    private readonly int _maxEntries = options.Value.MemoryMaxEntries;
    private readonly long _maxBytes = options.Value.MemoryMaxBytes;
    private long _bytes;

    public int Count => _entries.Count;

    public bool TryGet(string key, out CachedResponse? entry) => _entries.TryGetValue(key, out entry);

    public void Set(string key, CachedResponse entry)
    {
        if (_entries.Count >= _maxEntries || Interlocked.Read(ref _bytes) + entry.Size > _maxBytes)
        {
            Sweep();
            if (_entries.Count >= _maxEntries || Interlocked.Read(ref _bytes) + entry.Size > _maxBytes)
            {
                return; // Redis still holds it; the memory level never grows past its budget.
            }
        }

        _entries.AddOrUpdate(
            key,
            k =>
            {
                Interlocked.Add(ref _bytes, entry.Size);
                return entry;
            },
            (k, old) =>
            {
                Interlocked.Add(ref _bytes, entry.Size - old.Size);
                return entry;
            });
    }

    /// <summary>Drops every entry whose key starts with <paramref name="prefix"/>; returns how many.</summary>
    public int RemovePrefix(string prefix)
    {
        var removed = 0;
        foreach (var (key, entry) in _entries)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && _entries.TryRemove(new KeyValuePair<string, CachedResponse>(key, entry)))
            {
                Interlocked.Add(ref _bytes, -entry.Size);
                removed++;
            }
        }

        return removed;
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (!entry.IsUsableStale(now) && _entries.TryRemove(new KeyValuePair<string, CachedResponse>(key, entry)))
            {
                Interlocked.Add(ref _bytes, -entry.Size);
            }
        }
    }
}
