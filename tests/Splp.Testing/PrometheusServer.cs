using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Splp.Testing;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c> package) on a loopback port of its own, scraping
/// one target every second, with its data in a temporary folder. Disposing it kills it by its PID.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, Uri address, ProcessOutput output)
    {
        _process = process;
        _directory = directory;
        Address = address;
        Output = output;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Prometheus's own address (its HTTP API).</summary>
    public Uri Address { get; }

    /// <summary>What it printed, for diagnostics.</summary>
    public ProcessOutput Output { get; }

    private HttpClient Client { get; }

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port) at <paramref name="metricsPath"/>, job <c>splp</c>.</summary>
    public static async Task<PrometheusServer> StartAsync(string target, string metricsPath = "/metrics")
    {
        var directory = Directory.CreateTempSubdirectory("splp-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: splp
                metrics_path: {metricsPath}
                static_configs:
                  - targets: ["{target}"]
            """);
        var port = FreePort.Next();
        var info = new ProcessStartInfo("prometheus")
        {
            ArgumentList =
            {
                "--config.file=" + config,
                "--storage.tsdb.path=" + Path.Combine(directory, "data"),
                "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start.");
        var output = new ProcessOutput();
        output.Attach(process);
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"), output);
        var ready = await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var response = await server.Client.GetAsync(new Uri("-/ready", UriKind.Relative));
                return response.IsSuccessStatusCode || process.HasExited;
            }
            catch (HttpRequestException)
            {
                return process.HasExited;
            }
        }, TimeSpan.FromSeconds(30));
        if (!ready || process.HasExited)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("prometheus did not become ready: " + output.Text);
        }

        return server;
    }

    /// <summary>Runs an instant PromQL query; returns the number of series in the result (0 when none).</summary>
    public async Task<int> CountSeriesAsync(string promql)
    {
        var json = await Client.GetStringAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(promql), UriKind.Relative));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("data").GetProperty("result").GetArrayLength();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.KillAndWaitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
