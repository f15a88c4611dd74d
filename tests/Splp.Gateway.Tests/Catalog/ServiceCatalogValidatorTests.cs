using Splp.Adapters.Disdukcapil;
using Splp.Gateway.Catalog;

namespace Splp.Gateway.Tests.Catalog;

public sealed class ServiceCatalogValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
    private readonly ServiceCatalogValidator _validator = new([new KependudukanXmlAdapter()]);

    [Fact]
    public void Validate_GoodCatalog_BuildsDescriptors()
    {
        var result = _validator.Validate(Catalog(("kependudukan", Service("http://10.1.0.5:8080/", adapter: "disdukcapil-xml"))), 7, Now);

        Assert.Empty(result.Errors);
        var service = Assert.Single(result.Catalog!.Services.Values);
        Assert.Equal("/kependudukan/v1", service.PathPrefix);
        Assert.Equal("Dinas Kependudukan dan Pencatatan Sipil", service.AgencyName);
        Assert.Equal("disdukcapil-xml", service.Adapter?.Name);
        Assert.Equal(7, result.Catalog.Revision);
        Assert.Equal(Now, result.Catalog.LoadedAt);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneAndBuildsNothing()
    {
        var bad = Service("ftp://x/", adapter: "tidak-ada");
        bad.Agency = "dinas-hantu";
        bad.Upstream.Timeout = TimeSpan.Zero;
        bad.Upstream.LoadBalancing = "Sometimes";
        bad.Contract.Major = 0;
        var result = _validator.Validate(Catalog(("kependudukan", Service("http://ok/")), ("Bad_Name", bad), ("admin", Service("http://ok/"))), 1, Now);

        Assert.Null(result.Catalog);
        Assert.Contains(result.Errors, e => e.StartsWith("Services:Bad_Name: the name", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("Agency 'dinas-hantu' is not listed", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("Adapter 'tidak-ada' is not a registered adapter", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("Destinations:primary: 'ftp://x/'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("Timeout", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("LoadBalancing 'Sometimes'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("Contract:Major", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e == "Services:admin: the name is reserved for the gateway itself.");
    }

    [Theory]
    [InlineData("http://user:secret@10.0.0.1/")]
    [InlineData("http://10.0.0.1/?token=1")]
    [InlineData("/relative")]
    [InlineData("")]
    public void Validate_UnsafeOrMalformedDestination_IsRefused(string address)
    {
        var result = _validator.Validate(Catalog(("pajak", Service(address))), 1, Now);

        Assert.Null(result.Catalog);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Validate_NoDestinations_IsRefused()
    {
        var service = Service("http://ok/");
        service.Upstream.Destinations.Clear();

        var result = _validator.Validate(Catalog(("pajak", service)), 1, Now);

        Assert.Contains(result.Errors, e => e.Contains("at least one destination", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AnonymousServiceWithScopes_IsRefused()
    {
        var service = Service("http://ok/");
        service.Policies.Anonymous = true;
        service.Policies.Scopes.Add("x.read");

        var result = _validator.Validate(Catalog(("statistik", service)), 1, Now);

        Assert.Contains(result.Errors, e => e.Contains("anonymous service cannot also require scopes", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HealthCheckTimeoutLongerThanInterval_IsRefused()
    {
        var service = Service("http://ok/");
        service.Upstream.HealthCheck.Interval = TimeSpan.FromSeconds(5);
        service.Upstream.HealthCheck.Timeout = TimeSpan.FromSeconds(10);

        var result = _validator.Validate(Catalog(("pajak", service)), 1, Now);

        Assert.Contains(result.Errors, e => e.Contains("HealthCheck:Timeout", StringComparison.Ordinal));
    }

    internal static ServiceCatalogOptions Catalog(params (string Name, ServiceOptions Service)[] services)
    {
        var options = new ServiceCatalogOptions();
        options.Agencies["disdukcapil"] = new AgencyOptions { Name = "Dinas Kependudukan dan Pencatatan Sipil" };
        foreach (var (name, service) in services)
        {
            options.Services[name] = service;
        }

        return options;
    }

    internal static ServiceOptions Service(string destination, string? adapter = null)
    {
        var service = new ServiceOptions { Agency = "disdukcapil", Adapter = adapter };
        service.Upstream.Destinations["primary"] = destination;
        return service;
    }
}
