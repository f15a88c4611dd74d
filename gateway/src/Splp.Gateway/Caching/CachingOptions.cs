using System.ComponentModel.DataAnnotations;

namespace Splp.Gateway.Caching;

/// <summary>Response caching, bound from <c>Splp:Caching</c>. Which operations are cached is per service in the catalog.</summary>
public sealed class CachingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:Caching";

    /// <summary>Whether the cache runs at all. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most entries the in-process level keeps; beyond it new entries live only in Redis. Default: 10,000.</summary>
    [Range(0, 10_000_000)]
    public int MemoryMaxEntries { get; set; } = 10_000;

    /// <summary>Most body bytes the in-process level keeps. Default: 64 MiB.</summary>
    [Range(0, long.MaxValue)]
    public long MemoryMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest response body that is cached; larger ones stream through uncached. Default: 1 MiB.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxEntryBytes { get; set; } = 1024 * 1024;
}
