using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Splp.Testing;

namespace Splp.BrowserTests;

/// <summary>
/// Debian's <c>chromium</c>, started by the test itself (headless, no sandbox, no background networking, its own
/// temporary profile) and driven by Playwright over the DevTools protocol. Disposing stops it by PID — its whole
/// process tree — even when the test failed, and removes the profile.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private IPlaywright? _playwright;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public IBrowser Browser { get; private set; } = null!;

    public int ProcessId => _process.Id;

    public static async Task<HeadlessChromium> StartAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: apt-get install -y chromium");
        }

        var profile = Directory.CreateTempSubdirectory("splp-chromium-").FullName;
        var info = new ProcessStartInfo(ExecutablePath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync", "--mute-audio",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("chromium did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var chromium = new HeadlessChromium(process, profile);
        try
        {
            // Chromium writes the port it picked into the profile once its DevTools endpoint listens.
            var portFile = Path.Combine(profile, "DevToolsActivePort");
            int port = 0;
            var listening = await Eventually.TrueAsync(() =>
            {
                if (process.HasExited)
                {
                    return Task.FromResult(true);
                }

                try
                {
                    var first = File.Exists(portFile) ? File.ReadLines(portFile).FirstOrDefault() : null;
                    return Task.FromResult(int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port > 0);
                }
                catch (IOException)
                {
                    return Task.FromResult(false);
                }
            }, TimeSpan.FromSeconds(30));
            if (!listening || process.HasExited)
            {
                throw new InvalidOperationException("chromium did not open its DevTools port.");
            }

            chromium._playwright = await Playwright.CreateAsync();
            chromium.Browser = await chromium._playwright.Chromium.ConnectOverCDPAsync($"http://127.0.0.1:{port}");
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Browser is not null)
            {
                await Browser.CloseAsync();
            }
        }
        catch (PlaywrightException)
        {
            // The connection may already be gone; the process is stopped below either way.
        }

        _playwright?.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp profile is harmless.
        }
    }
}
