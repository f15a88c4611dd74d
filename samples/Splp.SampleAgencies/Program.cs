using System.Globalization;
using System.Runtime.InteropServices;
using Splp.SampleAgencies.Http;

namespace Splp.SampleAgencies;

/// <summary>
/// <c>Splp.SampleAgencies --agency disdukcapil|dpmptsp|bapenda|lapor|all [--urls http://host:port] [--base-port 5101]</c>:
/// runs sample agency apps until SIGTERM or Ctrl+C.
/// </summary>
internal static class Program
{
    private const int DefaultBasePort = 5101;

    private const string Usage = """
        Usage: Splp.SampleAgencies --agency disdukcapil|dpmptsp|bapenda|lapor|all [--urls http://127.0.0.1:5101] [--base-port 5101]

          --agency     which sample agency app to run; 'all' runs the four on base-port, +1, +2, +3
                       in the order disdukcapil, dpmptsp, bapenda, lapor
          --urls       the address to listen on, http://host:port (host: an IP address, localhost or *);
                       with 'all', the host and first port
          --base-port  the first port (default 5101); a single agency listens on base-port plus its
                       place in that order unless --urls is given
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }

        if (!TryParseArguments(args, out var plan, out var error))
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + Environment.NewLine + Usage);
            return 2;
        }

        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        var hosts = new List<SampleAgencyHost>();
        try
        {
            foreach (var (agency, url) in plan)
            {
                var host = await SampleAgencyHost.StartAsync(agency, url, cancellationToken: stopping.Token);
                hosts.Add(host);
                Console.Out.WriteLine($"{agency.ToString().ToLowerInvariant()} listening on {host.BaseAddress}");
            }

            await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync("Could not start: " + e.Message);
            return 1;
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }

        void Stop(PosixSignalContext context)
        {
            // Shut down in order instead of letting the runtime kill the process.
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    private static bool TryParseArguments(string[] args, out List<(SampleAgency Agency, string Url)> plan, out string error)
    {
        plan = [];
        string? agencyName = null;
        string? urls = null;
        string? basePortText = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"Missing value after '{args[i]}'.";
                return false;
            }

            switch (args[i])
            {
                case "--agency":
                    agencyName = args[++i];
                    break;
                case "--urls":
                    urls = args[++i];
                    break;
                case "--base-port":
                    basePortText = args[++i];
                    break;
                default:
                    error = $"Unknown argument '{args[i]}'.";
                    return false;
            }
        }

        if (agencyName is null)
        {
            error = "--agency is required.";
            return false;
        }

        var all = string.Equals(agencyName, "all", StringComparison.OrdinalIgnoreCase);
        SampleAgency single = default;
        if (!all && (!Enum.TryParse(agencyName, ignoreCase: true, out single) || !Enum.IsDefined(single) || char.IsDigit(agencyName[0])))
        {
            error = $"Unknown agency '{agencyName}'; expected disdukcapil, dpmptsp, bapenda, lapor or all.";
            return false;
        }

        var basePort = DefaultBasePort;
        if (basePortText is not null
            && (!int.TryParse(basePortText, NumberStyles.None, CultureInfo.InvariantCulture, out basePort) || basePort is < 1 or > 65532))
        {
            error = $"--base-port must be a number 1-65532, not '{basePortText}'.";
            return false;
        }

        var host = "127.0.0.1";
        if (urls is not null)
        {
            if (!ListenAddress.TryParse(urls, out var endPoint, out error))
            {
                error = "--urls: " + error;
                return false;
            }

            if (!all)
            {
                plan.Add((single, urls));
                return true;
            }

            host = endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]" : endPoint.Address.ToString();
            if (basePortText is null)
            {
                basePort = endPoint.Port;
            }
        }

        foreach (var agency in Enum.GetValues<SampleAgency>())
        {
            if (all || agency == single)
            {
                plan.Add((agency, string.Create(CultureInfo.InvariantCulture, $"http://{host}:{basePort + (int)agency}")));
            }
        }

        error = string.Empty;
        return true;
    }
}
