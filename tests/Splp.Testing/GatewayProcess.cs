using System.Diagnostics;
using System.Globalization;

namespace Splp.Testing;

/// <summary>
/// The gateway as a separate OS process — <c>dotnet &lt;gateway bin&gt;/Splp.Gateway.dll</c> — configured through
/// <c>Splp__...</c> environment variables, on a free loopback port, as an operator runs a replica. Ready when
/// <c>/healthz/ready</c> answers 200; disposing stops it by PID.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, Uri baseAddress, ProcessOutput output)
    {
        _process = process;
        BaseAddress = baseAddress;
        Output = output;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The gateway's address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the gateway.</summary>
    public HttpClient Client { get; }

    /// <summary>The process's console output (logs).</summary>
    public ProcessOutput Output { get; }

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>
    /// Starts a gateway with <paramref name="settings"/> (keys like <c>Splp:Services:x:Agency</c>, turned into
    /// <c>Splp__Services__x__Agency</c> environment variables) and waits until it is ready.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan? readyTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var bin = GatewayBinDirectory();
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(bin, "Splp.Gateway.dll"));
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Splp.Gateway.RateLimiting"] = "Information";
        info.Environment["Logging__LogLevel__Splp.Gateway.Caching"] = "Information";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        // The shipped appsettings.json logs exchanges under /var/lib/splp; tests that want the log set a directory.
        info.Environment["Splp__ExchangeLog__Enabled"] = "false";
        // The shipped settings admit registered consumers only; tests name their consumers ad hoc unless they set it.
        info.Environment["Splp__Auth__RequireRegisteredConsumer"] = "false";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new ProcessOutput();
        output.Attach(process);
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{port}/"), output);
        var ready = await Eventually.TrueAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    return true;
                }

                try
                {
                    using var response = await gateway.Client.GetAsync(new Uri("healthz/ready", UriKind.Relative));
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            readyTimeout ?? TimeSpan.FromSeconds(60));
        if (!ready || process.HasExited)
        {
            var text = output.Text;
            await gateway.DisposeAsync();
            throw new InvalidOperationException($"The gateway process did not become ready on port {port}:{Environment.NewLine}{text}");
        }

        return gateway;
    }

    /// <summary>
    /// Starts a gateway expected to refuse its configuration; waits for it to exit and returns its exit code and
    /// output (null exit code: still running after <paramref name="timeout"/>, then killed).
    /// </summary>
    public static async Task<(int? ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var bin = GatewayBinDirectory();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(bin, "Splp.Gateway.dll"));
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Splp__ExchangeLog__Enabled"] = "false";
        info.Environment["Splp__Auth__RequireRegisteredConsumer"] = "false";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new ProcessOutput();
        output.Attach(process);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            await process.WaitForExitAsync(CancellationToken.None);
            return (process.ExitCode, output.Text);
        }
        catch (OperationCanceledException)
        {
            await process.KillAndWaitAsync();
            return (null, output.Text);
        }
    }

    /// <summary>Sends SIGTERM, as an orchestrator does to stop a replica.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit by itself; returns its exit code, or null if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The build output of the gateway in the same configuration as the running tests.</summary>
    public static string GatewayBinDirectory()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(baseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Splp.sln")))
            {
                var bin = Path.Combine(directory.FullName, "gateway", "src", "Splp.Gateway", "bin", configuration, "net10.0");
                if (File.Exists(Path.Combine(bin, "Splp.Gateway.runtimeconfig.json")))
                {
                    return bin;
                }

                break;
            }
        }

        // The referenced gateway is copied next to the tests with its runtimeconfig and deps.
        return File.Exists(Path.Combine(baseDirectory, "Splp.Gateway.runtimeconfig.json"))
            ? baseDirectory
            : throw new InvalidOperationException($"No gateway build found for configuration {configuration}.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.KillAndWaitAsync();
        _process.Dispose();
    }

    /// <summary>For diagnostics: the pid and port.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"gateway pid {Pid} at {BaseAddress}");
}
