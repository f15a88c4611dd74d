using Splp.Gateway.Catalog;

namespace Splp.Gateway.Tests.Caching;

public sealed class CacheCatalogValidationTests
{
    [Fact]
    public void Validate_BadCacheRules_EveryProblemListed()
    {
        var options = Catalog();
        options.Services["wilayah"].Cache.Operations["Desa"] = new CacheRuleOptions { Path = "desa", Ttl = TimeSpan.Zero, StaleIfError = TimeSpan.FromDays(8) };

        var result = new ServiceCatalogValidator([]).Validate(options, 1, DateTimeOffset.UnixEpoch);

        Assert.Null(result.Catalog);
        Assert.Contains(result.Errors, e => e.StartsWith("Services:wilayah:Cache:Operations:Desa: the operation name", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("Services:wilayah:Cache:Operations:Desa:Path", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("Services:wilayah:Cache:Operations:Desa:Ttl", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("Services:wilayah:Cache:Operations:Desa:StaleIfError", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_GoodCacheRule_Accepted()
    {
        var options = Catalog();
        options.Services["wilayah"].Cache.Operations["desa"] = new CacheRuleOptions { Path = "/desa/{kode}", Ttl = TimeSpan.FromMinutes(5), StaleIfError = TimeSpan.FromHours(1) };

        var result = new ServiceCatalogValidator([]).Validate(options, 1, DateTimeOffset.UnixEpoch);

        Assert.Empty(result.Errors);
    }

    private static ServiceCatalogOptions Catalog() => new()
    {
        Agencies = { ["uji"] = new AgencyOptions { Name = "Dinas Uji" } },
        Services =
        {
            ["wilayah"] = new ServiceOptions
            {
                Agency = "uji",
                Upstream = new UpstreamOptions { Destinations = { ["a"] = "http://127.0.0.1:1/" } },
            },
        },
    };
}
