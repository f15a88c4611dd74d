using System.Net;
using System.Net.Sockets;

namespace Splp.SampleAgencies.Tests;

public sealed class SampleAgencyHostTests
{
    [Theory]
    [InlineData(SampleAgency.Disdukcapil)]
    [InlineData(SampleAgency.Dpmptsp)]
    [InlineData(SampleAgency.Bapenda)]
    [InlineData(SampleAgency.Lapor)]
    public async Task StartAsync_EphemeralPort_ListensOnRealPortAndServesHealth(SampleAgency agency)
    {
        await using var host = await SampleAgencyHost.StartAsync(agency, AgencyHostFixture.EphemeralLoopback);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.GetAsync(new Uri("health", UriKind.Relative));

        Assert.Equal(agency, host.Agency);
        Assert.Equal("127.0.0.1", host.BaseAddress.Host);
        Assert.NotEqual(0, host.BaseAddress.Port);
        Assert.Equal("/", host.BaseAddress.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StartAsync_CustomDataSet_ServesThatData()
    {
        var data = SampleDataSet.Create(seed: 42, residents: 20);
        await using var host = await SampleAgencyHost.StartAsync(SampleAgency.Disdukcapil, "http://localhost:0/", data);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        var text = await client.GetStringAsync(new Uri("ws/biodata?NIK=" + data.Residents[0].Nik, UriKind.Relative));

        Assert.Contains("<KODE>00</KODE>", text, StringComparison.Ordinal);
        Assert.Contains(data.Residents[0].NamaLengkap, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_UnknownPath_Returns404()
    {
        await using var host = await SampleAgencyHost.StartAsync(SampleAgency.Bapenda, AgencyHostFixture.EphemeralLoopback);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.GetAsync(new Uri("nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("https://127.0.0.1:0")]
    [InlineData("127.0.0.1:0")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:70000")]
    [InlineData("http://example.org:80")]
    [InlineData("http://127.0.0.1:0/api")]
    [InlineData("")]
    public async Task StartAsync_BadUrl_ThrowsArgumentException(string url)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SampleAgencyHost.StartAsync(SampleAgency.Lapor, url));

        Assert.Equal("url", error.ParamName);
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsIOException()
    {
        await using var first = await SampleAgencyHost.StartAsync(SampleAgency.Lapor, AgencyHostFixture.EphemeralLoopback);

        await Assert.ThrowsAnyAsync<IOException>(() =>
            SampleAgencyHost.StartAsync(SampleAgency.Lapor, $"http://127.0.0.1:{first.BaseAddress.Port}"));
    }

    [Fact]
    public async Task StopAsync_Running_StopsListeningAndDisposeStaysSafe()
    {
        var host = await SampleAgencyHost.StartAsync(SampleAgency.Dpmptsp, AgencyHostFixture.EphemeralLoopback);
        var port = host.BaseAddress.Port;

        await host.StopAsync();
        await host.StopAsync();
        await host.DisposeAsync();
        await host.DisposeAsync();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }
}
