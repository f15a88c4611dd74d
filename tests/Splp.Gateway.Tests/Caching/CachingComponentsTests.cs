using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using Splp.Gateway.Caching;
using Splp.Gateway.Proxy;

namespace Splp.Gateway.Tests.Caching;

public sealed class CachingComponentsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deserialize_OfSerialize_RoundTripsEveryField()
    {
        var entry = new CachedResponse(
            200,
            [new("Content-Type", "application/json"), new("X-Multi", new StringValues(["a", "b"]))],
            Encoding.UTF8.GetBytes("{\"kode\":\"34\"}"),
            Now,
            Now.AddMinutes(1),
            Now.AddMinutes(11));

        var copy = CachedResponse.Deserialize(entry.Serialize());

        Assert.NotNull(copy);
        Assert.Equal(200, copy.Status);
        Assert.Equal(entry.Body, copy.Body);
        Assert.Equal(entry.Headers, copy.Headers);
        Assert.Equal((entry.StoredAt, entry.ExpiresAt, entry.StaleUntil), (copy.StoredAt, copy.ExpiresAt, copy.StaleUntil));
    }

    [Fact]
    public void Deserialize_UnknownFormat_ReturnsNull()
    {
        Assert.Null(CachedResponse.Deserialize([9, 1, 2]));
        Assert.Null(CachedResponse.Deserialize([1, 1]));
    }

    [Fact]
    public void FreshAndStale_FollowTheEntryTimes()
    {
        var entry = new CachedResponse(200, [], [], Now, Now.AddMinutes(1), Now.AddMinutes(11));

        Assert.True(entry.IsFresh(Now.AddSeconds(59)));
        Assert.False(entry.IsFresh(Now.AddMinutes(1)));
        Assert.True(entry.IsUsableStale(Now.AddMinutes(10)));
        Assert.False(entry.IsUsableStale(Now.AddMinutes(11)));
    }

    [Fact]
    public void RemovePrefix_DropsOnlyMatchingKeys()
    {
        var cache = new MemoryResponseCache(Options.Create(new CachingOptions()), new FakeTimeProvider(Now));
        cache.Set("wilayah|desa|/a|*", Entry(10));
        cache.Set("wilayah|kecamatan|/b|*", Entry(10));
        cache.Set("wilayah-lama|desa|/a|*", Entry(10));

        Assert.Equal(1, cache.RemovePrefix("wilayah|desa|"));
        Assert.Equal(1, cache.RemovePrefix("wilayah|"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Set_OverTheEntryBudget_KeepsTheMemoryLevelBounded()
    {
        var clock = new FakeTimeProvider(Now);
        var cache = new MemoryResponseCache(Options.Create(new CachingOptions { MemoryMaxEntries = 2 }), clock);
        cache.Set("a", Entry(1));
        cache.Set("b", Entry(1));
        cache.Set("c", Entry(1));
        Assert.Equal(2, cache.Count);

        clock.Advance(TimeSpan.FromMinutes(2)); // a and b can no longer be served: swept to make room
        cache.Set("c", Entry(1, clock.GetUtcNow()));

        Assert.True(cache.TryGet("c", out _));
        Assert.False(cache.TryGet("a", out _));
    }

    [Fact]
    public async Task HoldBackStream_WithinLimit_HoldsTheBodyBackUntilReleased()
    {
        using var inner = new MemoryStream();
        await using var capture = new HoldBackStream(inner, limit: 10);

        await capture.WriteAsync("12345"u8.ToArray());
        await capture.FlushAsync();
        Assert.Equal(0, inner.Length);

        await capture.ReleaseAsync(CancellationToken.None);
        Assert.Equal("12345", Encoding.ASCII.GetString(inner.ToArray()));
    }

    [Fact]
    public async Task HoldBackStream_OverLimit_PassesEverythingThroughInOrder()
    {
        using var inner = new MemoryStream();
        await using var capture = new HoldBackStream(inner, limit: 6);

        await capture.WriteAsync("1234"u8.ToArray());
        await capture.WriteAsync("5678"u8.ToArray());
        await capture.WriteAsync("9"u8.ToArray());

        Assert.True(capture.Overflowed);
        Assert.Equal("123456789", Encoding.ASCII.GetString(inner.ToArray()));
    }

    private static CachedResponse Entry(int bytes, DateTimeOffset? at = null)
    {
        var now = at ?? Now;
        return new CachedResponse(200, [], new byte[bytes], now, now.AddMinutes(1), now.AddMinutes(1));
    }
}
