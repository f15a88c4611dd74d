using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Splp.Adapters;
using Splp.Gateway.Catalog;
using Splp.Gateway.Consumers;

namespace Splp.Gateway.Tests.Catalog;

/// <summary>Catalog, consumers and plans are one snapshot: validated together, reloaded all or nothing.</summary>
public sealed class GatewayConfigurationReloadTests : IDisposable
{
    private readonly IConfigurationRoot _configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Splp:Agencies:uji:Name"] = "Dinas Uji",
        ["Splp:Services:satu:Agency"] = "uji",
        ["Splp:Services:satu:Upstream:Destinations:a"] = "http://127.0.0.1:9/",
        ["Splp:Plans:emas:RequestsPerSecond"] = "50",
        ["Splp:Consumers:portal:Plan"] = "emas",
        ["Splp:Consumers:portal:Subscriptions:satu:Scopes:0"] = "satu.read",
    }).Build();

    private readonly ServiceCatalogProvider _provider;

    public GatewayConfigurationReloadTests() =>
        _provider = new ServiceCatalogProvider(_configuration, Array.Empty<IServiceAdapter>(), null, TimeProvider.System, NullLogger<ServiceCatalogProvider>.Instance);

    public void Dispose() => _provider.Dispose();

    [Fact]
    public void Reload_BadPlanWithAGoodNewService_AppliesNeitherThenBothOnceFixed()
    {
        var consumers = new ConsumerRegistry(_provider);
        var plans = new ConfigurationConsumerPlanRegistry(_provider);

        _configuration["Splp:Services:dua:Agency"] = "uji";
        _configuration["Splp:Services:dua:Upstream:Destinations:a"] = "http://127.0.0.1:9/";
        _configuration["Splp:Consumers:portal:Subscriptions:dua:Scopes:0"] = "dua.read";
        _configuration["Splp:Plans:perak:Burst"] = "0";
        _configuration["Splp:Consumers:portal:Plan"] = "perak";
        _configuration.Reload();

        Assert.False(_provider.Current.Services.ContainsKey("dua"));
        Assert.False(consumers.Find("portal")!.Subscriptions.ContainsKey("dua"));
        Assert.Equal("emas", plans.GetPlan("portal")?.Name);
        Assert.Contains(_provider.LastErrors, e => e.StartsWith("Splp:Plans:perak", StringComparison.Ordinal));

        _configuration["Splp:Plans:perak:Burst"] = "5";
        _configuration.Reload();

        Assert.True(_provider.Current.Services.ContainsKey("dua"));
        Assert.True(consumers.Find("portal")!.Subscriptions.ContainsKey("dua"));
        Assert.Equal("perak", plans.GetPlan("portal")?.Name);
        Assert.Empty(_provider.LastErrors);
    }

    [Fact]
    public void Reload_BadCatalogWithANewApiKey_KeepsTheOldConsumers()
    {
        var consumers = new ConsumerRegistry(_provider);
        var generation = consumers.Generation;

        _configuration["Splp:Consumers:baru:Plan"] = "emas";
        _configuration["Splp:Services:satu:Upstream:Destinations:a"] = "ftp://nowhere";
        _configuration.Reload();

        Assert.Null(consumers.Find("baru"));
        Assert.Same(generation, consumers.Generation);
        Assert.Contains(_provider.LastErrors, e => e.Contains("Splp:Services:satu:Upstream:Destinations:a", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SubscriptionToAnUnpublishedServiceOrAnUnknownPlan_ListsBoth()
    {
        _configuration["Splp:Consumers:portal:Subscriptions:tidak-ada:Scopes:0"] = "x";
        _configuration["Splp:Consumers:lain:Plan"] = "platinum";

        var result = GatewayConfigurationLoader.Load(_configuration, [], null, 1, TimeProvider.System.GetUtcNow());

        Assert.Null(result.Configuration);
        Assert.Contains("Splp:Consumers:portal:Subscriptions:tidak-ada: the service 'tidak-ada' is not published under Splp:Services.", result.Errors);
        Assert.Contains(result.Errors, e => e.StartsWith("Splp:Consumers:lain:Plan 'platinum'", StringComparison.Ordinal));
    }
}
