using Microsoft.Extensions.Primitives;
using Splp.Adapters.Disdukcapil;
using Splp.Gateway.Catalog;
using Splp.Gateway.Proxy;
using Splp.Gateway.Tests.Catalog;

namespace Splp.Gateway.Tests.Proxy;

public sealed class CatalogProxyConfigProviderTests
{
    [Fact]
    public void Build_DerivesOneRouteAndClusterPerService()
    {
        var adapted = ServiceCatalogValidatorTests.Service("http://10.1.0.5:8080/", adapter: "disdukcapil-xml");
        adapted.Policies.Scopes.Add("kependudukan.read");
        adapted.Upstream.Timeout = TimeSpan.FromSeconds(12);
        var anonymous = ServiceCatalogValidatorTests.Service("http://10.1.0.9/");
        anonymous.Policies.Anonymous = true;
        anonymous.Contract.Major = 2;
        var catalog = new ServiceCatalogValidator([new KependudukanXmlAdapter()])
            .Validate(ServiceCatalogValidatorTests.Catalog(("kependudukan", adapted), ("statistik", anonymous)), 1, DateTimeOffset.UnixEpoch).Catalog!;

        var config = CatalogProxyConfigProvider.Build(catalog, new CancellationChangeToken(CancellationToken.None));

        Assert.Equal(2, config.Routes.Count);
        var route = config.Routes.Single(r => r.RouteId == "kependudukan");
        Assert.Equal("/kependudukan/v1/{**splpRest}", route.Match.Path);
        Assert.Equal("splp-service:kependudukan", route.AuthorizationPolicy);
        Assert.Equal("disdukcapil-xml", route.Metadata![AdapterTransformProvider.AdapterMetadataKey]);
        Assert.Contains(route.Transforms!, t => t.TryGetValue("PathRemovePrefix", out var p) && p == "/kependudukan/v1");
        Assert.Contains(route.Transforms!, t => t.TryGetValue("RequestHeaderRemove", out var h) && h == "Authorization");
        var open = config.Routes.Single(r => r.RouteId == "statistik");
        Assert.Equal("/statistik/v2/{**splpRest}", open.Match.Path);
        Assert.Equal("anonymous", open.AuthorizationPolicy);
        Assert.False(open.Metadata!.ContainsKey(AdapterTransformProvider.AdapterMetadataKey));

        var cluster = config.Clusters.Single(c => c.ClusterId == "kependudukan");
        Assert.Equal("http://10.1.0.5:8080/", cluster.Destinations!["primary"].Address);
        Assert.Equal(TimeSpan.FromSeconds(12), cluster.HttpRequest!.ActivityTimeout);
        Assert.True(cluster.HealthCheck!.Active!.Enabled);
        Assert.Equal("/health", cluster.HealthCheck.Active.Path);
    }

    [Fact]
    public void Build_PassiveHealth_FollowsTheCatalog()
    {
        var tuned = ServiceCatalogValidatorTests.Service("http://10.1.0.5:8080/");
        tuned.Upstream.PassiveHealth = new PassiveHealthCheckOptions { ReactivationPeriod = TimeSpan.FromSeconds(90), FailureRateLimit = 0.5 };
        var off = ServiceCatalogValidatorTests.Service("http://10.1.0.9/");
        off.Upstream.PassiveHealth.Enabled = false;
        off.Upstream.HealthCheck.Interval = TimeSpan.FromSeconds(20);
        var catalog = new ServiceCatalogValidator([])
            .Validate(ServiceCatalogValidatorTests.Catalog(("pajak", tuned), ("aset", off)), 1, DateTimeOffset.UnixEpoch).Catalog!;

        var config = CatalogProxyConfigProvider.Build(catalog, new CancellationChangeToken(CancellationToken.None));

        var pajak = config.Clusters.Single(c => c.ClusterId == "pajak");
        Assert.True(pajak.HealthCheck!.Passive!.Enabled);
        Assert.Equal(Splp.Gateway.Resilience.CircuitAwareFailureRatePolicy.PolicyName, pajak.HealthCheck.Passive.Policy);
        Assert.Equal(TimeSpan.FromSeconds(90), pajak.HealthCheck.Passive.ReactivationPeriod);
        Assert.Equal("0.5", pajak.Metadata!["TransportFailureRateHealthPolicy.RateLimit"]);
        var aset = config.Clusters.Single(c => c.ClusterId == "aset");
        Assert.False(aset.HealthCheck!.Passive!.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(40), aset.HealthCheck.Passive.ReactivationPeriod); // twice the probe interval
    }
}
