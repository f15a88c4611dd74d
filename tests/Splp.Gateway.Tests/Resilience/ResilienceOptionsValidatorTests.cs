using Splp.Gateway.Catalog;
using Splp.Gateway.Resilience;

namespace Splp.Gateway.Tests.Resilience;

public sealed class ResilienceOptionsValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Validate_Defaults_AreAccepted()
    {
        var result = new ServiceCatalogValidator([]).Validate(Catalog(new ServiceResilienceOptions()), 1, Now);

        Assert.Empty(result.Errors);
        var resilience = result.Catalog!.Services["layanan"].Resilience;
        Assert.Equal(2, resilience.Retry.MaxAttempts);
        Assert.Equal(0.5, resilience.CircuitBreaker.FailureRatio);
    }

    [Fact]
    public void Validate_EveryBadSetting_IsListedAndTheCatalogRefused()
    {
        var bad = new ServiceResilienceOptions
        {
            Retry = new RetryOptions
            {
                MaxAttempts = 0,
                BaseDelay = TimeSpan.FromMinutes(1),
                MaxDelay = TimeSpan.FromSeconds(1),
                BudgetPercent = 150,
                MinRetriesPerSecond = -1,
                Methods = ["GET", "POST", "PATCH"],
            },
            CircuitBreaker = new CircuitBreakerOptions
            {
                FailureRatio = 0,
                MinimumThroughput = 1,
                SamplingDuration = TimeSpan.FromMilliseconds(100),
                BreakDuration = TimeSpan.FromDays(1),
            },
        };

        var result = new ServiceCatalogValidator([]).Validate(Catalog(bad), 1, Now);

        Assert.Null(result.Catalog);
        string[] expected =
        [
            "Retry:MaxAttempts", "Retry:BaseDelay", "Retry:MaxDelay", "Retry:BudgetPercent", "Retry:MinRetriesPerSecond",
            "Retry:Methods: 'POST'", "Retry:Methods: 'PATCH'",
            "CircuitBreaker:FailureRatio", "CircuitBreaker:MinimumThroughput", "CircuitBreaker:SamplingDuration", "CircuitBreaker:BreakDuration",
        ];
        foreach (var fragment in expected)
        {
            Assert.Contains(result.Errors, e => e.StartsWith("Services:layanan:Resilience:" + fragment, StringComparison.Ordinal));
        }

        Assert.Equal(expected.Length, result.Errors.Count);
    }

    [Fact]
    public void Validate_BadPassiveHealth_IsListed()
    {
        var options = Catalog(new ServiceResilienceOptions());
        options.Services["layanan"].Upstream.PassiveHealth = new PassiveHealthCheckOptions { ReactivationPeriod = TimeSpan.Zero, FailureRateLimit = 2 };

        var result = new ServiceCatalogValidator([]).Validate(options, 1, Now);

        Assert.Null(result.Catalog);
        Assert.Contains("Services:layanan:Upstream:PassiveHealth:ReactivationPeriod must be from 00:00:01 to 01:00:00.", result.Errors);
        Assert.Contains("Services:layanan:Upstream:PassiveHealth:FailureRateLimit must be above 0 and at most 1.", result.Errors);
    }

    [Fact]
    public void Settings_EqualOptions_AreEqual_AndMethodsAreNormalized()
    {
        var a = new ServiceResilienceOptions { Retry = new RetryOptions { Methods = ["get", "HEAD"] } };
        var b = new ServiceResilienceOptions { Retry = new RetryOptions { Methods = ["HEAD", "GET"] } };

        Assert.Equal(ResilienceSettings.From(a), ResilienceSettings.From(b));
        Assert.Equal("GET,HEAD", ResilienceSettings.From(a).RetryMethods);
        Assert.Equal("GET,HEAD,OPTIONS", ResilienceSettings.From(new ServiceResilienceOptions()).RetryMethods);
        Assert.NotEqual(ResilienceSettings.From(a), ResilienceSettings.From(new ServiceResilienceOptions { CircuitBreaker = new CircuitBreakerOptions { Enabled = false } }));
    }

    private static ServiceCatalogOptions Catalog(ServiceResilienceOptions resilience) => new()
    {
        Agencies = { ["uji"] = new AgencyOptions { Name = "Dinas Uji Coba" } },
        Services =
        {
            ["layanan"] = new ServiceOptions
            {
                Agency = "uji",
                Upstream = new UpstreamOptions { Destinations = { ["a"] = "http://127.0.0.1:9/" } },
                Resilience = resilience,
            },
        },
    };
}
