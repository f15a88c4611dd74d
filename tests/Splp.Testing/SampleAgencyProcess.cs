using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Splp.Testing;

/// <summary>
/// A sample agency app running as its own OS process (the same binary operators run with
/// <c>dotnet run --project samples/Splp.SampleAgencies</c>), on an ephemeral loopback port.
/// Disposing it kills the process by its PID.
/// </summary>
public sealed partial class SampleAgencyProcess : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private SampleAgencyProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The app's address, as it printed it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The process id.</summary>
    public int ProcessId => _process.Id;

    [GeneratedRegex(@"listening on (?<url>http://\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>Starts <paramref name="agency"/> (e.g. <c>disdukcapil</c>) and waits until it says where it listens.</summary>
    public static async Task<SampleAgencyProcess> StartAsync(string agency, TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Splp.SampleAgencies.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--agency", agency, "--urls", "http://127.0.0.1:0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    // Keep draining output so the child never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return new SampleAgencyProcess(process, new Uri(match.Groups["url"].Value));
                }
            }

            throw new InvalidOperationException($"{agency} exited before listening: {await process.StandardError.ReadToEndAsync(deadline.Token)}");
        }
        catch
        {
            process.KillAndWait(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _process.KillAndWait(entireProcessTree: true);
        _process.Dispose();
    }
}
