using System.Net;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>Three gateway processes sharing one real redis-server: a cached response is shared, a purge reaches all.</summary>
[Collection(MultiReplicaCollection.Name)]
public sealed class MultiReplicaCachingTests(MultiReplicaFixture replicas)
{
    private const string Path = "/layanan/v1/referensi/kode-wilayah";
    private const string RedisKey = "splp:cache:layanan|referensi|/layanan/v1/referensi/kode-wilayah|*";

    [Fact]
    public async Task CachedThroughOneReplica_IsAHitOnTheOtherTwo_AndAPurgeThroughOneClearsAll()
    {
        Assert.Equal("miss", await CacheStatusAsync(0));
        Assert.True(await Eventually.TrueAsync(async () => await replicas.Redis.CliAsync("EXISTS", RedisKey) == "1", TimeSpan.FromSeconds(10)), "stored in Redis");

        Assert.Equal("hit", await CacheStatusAsync(1));
        Assert.Equal("hit", await CacheStatusAsync(2));
        Assert.Equal("hit", await CacheStatusAsync(0));
        Assert.Equal(1, replicas.UpstreamCalls["/referensi/kode-wilayah"]);

        var before = replicas.Gateways.Select(g => Count(g.Output.Text, "purge of 'layanan|' received")).ToArray();
        using (var purge = await replicas.AdminPostAsync(1, "/admin/cache/purge", "{\"service\":\"layanan\"}"))
        {
            Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        }

        Assert.Equal("0", await replicas.Redis.CliAsync("EXISTS", RedisKey));
        Assert.True(
            await Eventually.TrueAsync(
                () => Task.FromResult(replicas.Gateways.Select((g, i) => Count(g.Output.Text, "purge of 'layanan|' received") > before[i]).All(b => b)),
                TimeSpan.FromSeconds(10)),
            "every replica dropped its memory level");

        // Replica 0 held the entry in memory: it is gone there too.
        Assert.Equal("miss", await CacheStatusAsync(0));
        Assert.Equal(2, replicas.UpstreamCalls["/referensi/kode-wilayah"]);
        Assert.True(await Eventually.TrueAsync(async () => await replicas.Redis.CliAsync("EXISTS", RedisKey) == "1", TimeSpan.FromSeconds(10)));
        Assert.Equal("hit", await CacheStatusAsync(2));
    }

    private async Task<string?> CacheStatusAsync(int replica)
    {
        using var response = await replicas.GetAsync(replica, "portal-warga", Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("Splp-Cache", out var values) ? values.Single() : null;
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
