using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Splp.Gateway.Consumers;

namespace Splp.Gateway.Tests.RateLimiting;

public sealed class ConfigurationConsumerPlanRegistryTests
{
    [Fact]
    public void GetPlan_ListedConsumer_GetsItsPlanAndOthersTheDefault()
    {
        var configuration = Configuration(("Splp:Plans:emas:RequestsPerSecond", "50"), ("Splp:Plans:dasar:DailyQuota", "100"),
            ("Splp:Consumers:dinkes-app:Plan", "emas"), ("Splp:RateLimiting:DefaultPlan", "dasar"));
        var registry = new ConfigurationConsumerPlanRegistry(configuration, NullLogger<ConfigurationConsumerPlanRegistry>.Instance);

        Assert.Equal("emas", registry.GetPlan("dinkes-app")?.Name);
        Assert.Equal("dasar", registry.GetPlan("siapa-saja")?.Name);
    }

    [Fact]
    public void GetPlan_NoDefaultPlan_UnlistedConsumerIsNotLimited()
    {
        var registry = new ConfigurationConsumerPlanRegistry(Configuration(("Splp:Plans:emas:RequestsPerSecond", "50")), NullLogger<ConfigurationConsumerPlanRegistry>.Instance);

        Assert.Null(registry.GetPlan("siapa-saja"));
    }

    [Fact]
    public void Constructor_InvalidFirstLoad_ThrowsWithEveryProblem()
    {
        var configuration = Configuration(("Splp:Consumers:dinkes-app:Plan", "emas"), ("Splp:RateLimiting:DefaultPlan", "perak"));

        var error = Assert.Throws<InvalidOperationException>(() => new ConfigurationConsumerPlanRegistry(configuration, NullLogger<ConfigurationConsumerPlanRegistry>.Instance));

        Assert.Contains("Consumers:dinkes-app:Plan 'emas'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultPlan 'perak'", error.Message, StringComparison.Ordinal);
    }

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();
}
