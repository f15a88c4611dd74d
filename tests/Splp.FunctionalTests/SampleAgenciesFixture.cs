using Splp.SampleAgencies;
using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>The four sample agency apps on ephemeral loopback ports, shared by a test class.</summary>
public sealed class SampleAgenciesFixture : IAsyncLifetime
{
    private readonly List<SampleAgencyHost> _hosts = [];

    public TestTokens Tokens { get; } = new();

    public SampleDataSet Data => SampleDataSet.Default;

    public Uri Disdukcapil { get; private set; } = null!;

    public Uri Dpmptsp { get; private set; } = null!;

    public Uri Bapenda { get; private set; } = null!;

    public Uri Lapor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        foreach (var agency in Enum.GetValues<SampleAgency>())
        {
            _hosts.Add(await SampleAgencyHost.StartAsync(agency, "http://127.0.0.1:0", SampleDataSet.Default));
        }

        Disdukcapil = _hosts.Single(h => h.Agency == SampleAgency.Disdukcapil).BaseAddress;
        Dpmptsp = _hosts.Single(h => h.Agency == SampleAgency.Dpmptsp).BaseAddress;
        Bapenda = _hosts.Single(h => h.Agency == SampleAgency.Bapenda).BaseAddress;
        Lapor = _hosts.Single(h => h.Agency == SampleAgency.Lapor).BaseAddress;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        Tokens.Dispose();
    }
}
