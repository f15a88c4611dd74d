namespace Splp.SampleAgencies.Tests;

/// <summary>One sample agency app on an ephemeral loopback port, shared by the tests of a class.</summary>
public abstract class AgencyHostFixture(SampleAgency agency) : IAsyncLifetime, IDisposable
{
    public const string EphemeralLoopback = "http://127.0.0.1:0";

    private SampleAgencyHost? _host;
    private HttpClient? _client;

    public SampleDataSet Data => SampleDataSet.Default;

    public SampleAgencyHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public HttpClient Client => _client ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _host = await SampleAgencyHost.StartAsync(agency, EphemeralLoopback);
        _client = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class DisdukcapilFixture() : AgencyHostFixture(SampleAgency.Disdukcapil);

public sealed class DpmptspFixture() : AgencyHostFixture(SampleAgency.Dpmptsp);

public sealed class BapendaFixture() : AgencyHostFixture(SampleAgency.Bapenda);

public sealed class LaporFixture() : AgencyHostFixture(SampleAgency.Lapor);
