using Splp.SampleAgencies;

namespace Splp.Adapters.Tests.Declarative;

/// <summary>A real sample agency app on an ephemeral loopback port, shared by the tests of a class.</summary>
public abstract class SampleUpstreamFixture(SampleAgency agency) : IAsyncLifetime, IDisposable
{
    private SampleAgencyHost? _host;
    private HttpClient? _client;

    public HttpClient Client => _client ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _host = await SampleAgencyHost.StartAsync(agency, "http://127.0.0.1:0");
        _client = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public void Dispose()
    {
        _client?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

public sealed class DpmptspUpstream() : SampleUpstreamFixture(SampleAgency.Dpmptsp);

public sealed class BapendaUpstream() : SampleUpstreamFixture(SampleAgency.Bapenda);

public sealed class LaporUpstream() : SampleUpstreamFixture(SampleAgency.Lapor);
