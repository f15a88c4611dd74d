using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Splp.Adapters;
using Splp.Gateway.Catalog;
using Splp.Gateway.Resilience;

namespace Splp.Gateway.Benchmarks;

/// <summary>
/// What the resilience handler adds to one successful exchange: the bare inner handler (baseline), a service with
/// retries and breaker turned off, and a service with the default pipeline (circuit breaker + retry with budget).
/// The inner handler answers at once, so the figures are the handler's own cost, not the network's.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the instance and disposes the fields through [GlobalCleanup].
public class ResilienceHandlerBenchmarks
#pragma warning restore CA1001
{
    private readonly HttpRequestMessage _request = new(HttpMethod.Get, "http://127.0.0.1:9/x");
    private ServiceProvider _services = null!;
    private ServiceCatalogProvider _catalog = null!;
    private ServiceResilienceRegistry _registry = null!;
    private HttpMessageInvoker _bare = null!;
    private HttpMessageInvoker _off = null!;
    private HttpMessageInvoker _on = null!;

    [GlobalSetup]
    public void Setup()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Splp:Agencies:bench:Name"] = "Benchmark agency",
            ["Splp:Services:tangguh:Agency"] = "bench",
            ["Splp:Services:tangguh:Upstream:Destinations:a"] = "http://127.0.0.1:9/",
            ["Splp:Services:polos:Agency"] = "bench",
            ["Splp:Services:polos:Upstream:Destinations:a"] = "http://127.0.0.1:9/",
            ["Splp:Services:polos:Resilience:Retry:Enabled"] = "false",
            ["Splp:Services:polos:Resilience:CircuitBreaker:Enabled"] = "false",
        }).Build();
        _catalog = new ServiceCatalogProvider(configuration, Array.Empty<IServiceAdapter>(), null, TimeProvider.System, NullLogger<ServiceCatalogProvider>.Instance);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new ResilienceMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _registry = new ServiceResilienceRegistry(_catalog, TimeProvider.System, metrics, NullLogger<ServiceResilienceRegistry>.Instance);
        _request.Options.Set(ServiceResilience.ClientAbortedKey, CancellationToken.None);
        _bare = new HttpMessageInvoker(new OkHandler());
        _off = new HttpMessageInvoker(new ResilienceHandler("polos", _registry, new OkHandler()));
        _on = new HttpMessageInvoker(new ResilienceHandler("tangguh", _registry, new OkHandler()));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _off.Dispose();
        _on.Dispose();
        _registry.Dispose();
        _catalog.Dispose();
        _services.Dispose();
        _request.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<HttpResponseMessage> InnerHandlerOnly() => _bare.SendAsync(_request, CancellationToken.None);

    [Benchmark]
    public Task<HttpResponseMessage> ResilienceOff() => _off.SendAsync(_request, CancellationToken.None);

    [Benchmark]
    public Task<HttpResponseMessage> ResilienceOn() => _on.SendAsync(_request, CancellationToken.None);

    private sealed class OkHandler : HttpMessageHandler
    {
        private readonly HttpResponseMessage _ok = new(HttpStatusCode.OK);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(_ok);
    }
}
