using Microsoft.Extensions.Configuration;
using Splp.Gateway.Auth;
using Splp.Gateway.Consumers;

namespace Splp.Gateway.Tests.Consumers;

public sealed class ConsumerRegistryTests
{
    [Fact]
    public void Load_ReadsOrganisationSubscriptionsAndKeys()
    {
        var key = ApiKeyHash.Generate();
        var (snapshot, errors) = ConsumerRegistry.Load(Config(new()
        {
            ["Splp:Consumers:portal:Plan"] = "p",
            ["Splp:Consumers:portal:Organisation"] = "diskominfo",
            ["Splp:Consumers:portal:Subscriptions:pajak-daerah:Operations:0"] = "getObjekPajak",
            ["Splp:Consumers:portal:Subscriptions:pajak-daerah:Scopes:0"] = "pajak.read",
            ["Splp:Consumers:portal:ApiKeys:k1:Hash"] = ApiKeyHash.Hash(key),
            ["Splp:Consumers:portal:ApiKeys:k1:Expires"] = "2030-01-01T00:00:00Z",
            ["Splp:Consumers:portal:ApiKeys:gone:Hash"] = ApiKeyHash.Hash(ApiKeyHash.Generate()),
            ["Splp:Consumers:portal:ApiKeys:gone:Revoked"] = "true",
        }));

        Assert.Empty(errors);
        var portal = snapshot!.Consumers["portal"];
        Assert.Equal("diskominfo", portal.Organisation);
        Assert.Contains("getObjekPajak", (IReadOnlySet<string>)portal.Subscriptions["pajak-daerah"].Operations);
        Assert.Contains("pajak.read", (IReadOnlySet<string>)portal.Subscriptions["pajak-daerah"].Scopes);
        var only = Assert.Single(snapshot.ApiKeys); // the revoked key is not in force
        Assert.Equal(("portal", "k1"), (only.Consumer, only.KeyId));
        Assert.Equal(ApiKeyHash.HashBytes(key), only.Hash);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), only.Expires);
    }

    [Fact]
    public void Load_ListsEveryProblem()
    {
        var shared = ApiKeyHash.Hash(ApiKeyHash.Generate());
        var (snapshot, errors) = ConsumerRegistry.Load(Config(new()
        {
            ["Splp:Consumers:a:ApiKeys:k1:Hash"] = "plaintext-key-by-mistake",
            ["Splp:Consumers:a:ApiKeys:k2:Hash"] = shared,
            ["Splp:Consumers:b:ApiKeys:k1:Hash"] = shared,
            ["Splp:Consumers:b:Subscriptions:x:Scopes:0"] = "two words",
        }));

        Assert.Null(snapshot);
        Assert.Contains(errors, e => e.StartsWith("Splp:Consumers:a:ApiKeys:k1:Hash", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("the same key is also a/k2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Splp:Consumers:b:Subscriptions:x", StringComparison.Ordinal));
    }

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
