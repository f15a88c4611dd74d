using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Splp.Adapters;
using Splp.Gateway.Catalog;
using Splp.Gateway.Resilience;

namespace Splp.Gateway.Tests.Resilience;

/// <summary>
/// A catalog with one service <c>layanan</c>, its resilience registry on a fake clock, and a client that sends
/// through the service's <see cref="ResilienceHandler"/> to a scripted upstream; metrics are recorded.
/// </summary>
internal sealed class ResilienceHarness : IDisposable
{
    public const string Service = "layanan";

    private readonly CounterMeasurements _metrics = new();
    private readonly IConfigurationRoot _configuration;
    private readonly ServiceCatalogProvider _catalog;

    public ResilienceHarness(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Splp:Agencies:uji:Name"] = "Dinas Uji Coba",
            [$"Splp:Services:{Service}:Agency"] = "uji",
            [$"Splp:Services:{Service}:Upstream:Destinations:primary"] = "http://127.0.0.1:9/",
            [$"Splp:Services:{Service}:Upstream:HealthCheck:Enabled"] = "false",
            [$"Splp:Services:{Service}:Resilience:Retry:BaseDelay"] = "00:00:00",
            [$"Splp:Services:{Service}:Resilience:CircuitBreaker:MinimumThroughput"] = "4",
            [$"Splp:Services:{Service}:Resilience:CircuitBreaker:BreakDuration"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
        _configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _catalog = new ServiceCatalogProvider(_configuration, Array.Empty<IServiceAdapter>(), null, Clock, NullLogger<ServiceCatalogProvider>.Instance);
        Registry = new ServiceResilienceRegistry(_catalog, Clock, new ResilienceMetrics(_metrics.MeterFactory), NullLogger<ServiceResilienceRegistry>.Instance);
        Client = new HttpMessageInvoker(new ResilienceHandler(Service, Registry, Upstream));
    }

    public FakeTimeProvider Clock { get; }

    public ScriptedUpstream Upstream { get; } = new();

    public ServiceResilienceRegistry Registry { get; }

    public HttpMessageInvoker Client { get; }

    public CircuitState State => Registry.GetState(Service);

    /// <summary>Sends <paramref name="method"/> to the service; the request carries the consumer's abort token.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod? method = null, HttpContent? content = null, CancellationToken consumerAborted = default, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, "http://127.0.0.1:9/x") { Content = content };
        request.Options.Set(ServiceResilience.ClientAbortedKey, consumerAborted);
        return await Client.SendAsync(request, cancellationToken);
    }

    /// <summary>Sends a GET as YARP's active health probe does: without a consumer behind it.</summary>
    public async Task<HttpStatusCode> ProbeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9/health");
        using var response = await Client.SendAsync(request, CancellationToken.None);
        return response.StatusCode;
    }

    /// <summary>Sends a GET and returns its status.</summary>
    public async Task<HttpStatusCode> StatusAsync()
    {
        using var response = await SendAsync();
        return response.StatusCode;
    }

    /// <summary>The sum of a counter's measurements with exactly these tags (in the order recorded).</summary>
    public long Count(string nameAndTags) => _metrics.Count(nameAndTags);

    /// <summary>The circuit state gauge's current value for the service, or null when it reports none.</summary>
    public int? Gauge()
    {
        int? seen = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "splp.resilience.circuit_state" && ReferenceEquals(instrument.Meter.Scope, _metrics.MeterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "service" && (string?)tag.Value == Service)
                {
                    seen = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    /// <summary>Changes configuration keys and reloads, as a changed catalog file would.</summary>
    public void Reload(params (string Key, string? Value)[] changes)
    {
        foreach (var (key, value) in changes)
        {
            _configuration[key] = value;
        }

        _configuration.Reload();
    }

    public void Dispose()
    {
        Client.Dispose();
        Registry.Dispose();
        _catalog.Dispose();
        _metrics.Dispose();
    }
}

/// <summary>An upstream in memory that answers each call with the next scripted result (the last one repeats).</summary>
internal sealed class ScriptedUpstream : HttpMessageHandler
{
    private readonly Queue<Func<CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private Func<CancellationToken, Task<HttpResponseMessage>> _last = _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    private int _calls;

    /// <summary>How many calls reached the upstream.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public ScriptedUpstream Then(HttpStatusCode status) => Then(_ => Task.FromResult(new HttpResponseMessage(status)));

    public ScriptedUpstream ThenRefuse() => Then(_ => Task.FromException<HttpResponseMessage>(
        new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")));

    /// <summary>Never answers; the call ends only when it is cancelled.</summary>
    public ScriptedUpstream ThenHang() => Then(ct =>
    {
        var never = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        ct.Register(() => never.TrySetCanceled(ct));
        return never.Task;
    });

    public ScriptedUpstream Then(Func<CancellationToken, Task<HttpResponseMessage>> answer)
    {
        lock (_script)
        {
            _script.Enqueue(answer);
            _last = answer;
        }

        return this;
    }

    /// <summary>Forgets the script; every call then gets <paramref name="status"/>.</summary>
    public ScriptedUpstream Always(HttpStatusCode status)
    {
        lock (_script)
        {
            _script.Clear();
        }

        return Then(status);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Func<CancellationToken, Task<HttpResponseMessage>> answer;
        lock (_script)
        {
            answer = _script.Count > 1 ? _script.Dequeue() : _script.Count == 1 ? _script.Peek() : _last;
        }

        return answer(cancellationToken);
    }
}
