using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Splp.Testing;

/// <summary>
/// A real <c>redis-server</c> of the test's own on a free loopback port, without persistence
/// (<c>--save "" --appendonly no</c>). It can be killed and started again on the same port to prove outages;
/// disposing stops it by PID.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for it.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>The server's output so far.</summary>
    public ProcessOutput Output { get; private set; } = new();

    /// <summary>Whether the server process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server on a free port and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort.Next());
        await server.RestartAsync();
        return server;
    }

    /// <summary>(Re)starts the server on its port, empty, and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning" })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start (apt-get install -y redis-server).");
        Output = new ProcessOutput();
        Output.Attach(_process);
        if (!await Eventually.TrueAsync(() => Task.FromResult(PingOnce() || !IsRunning), TimeSpan.FromSeconds(10)) || !IsRunning)
        {
            throw new InvalidOperationException($"redis-server on port {Port} did not answer PING: {Output.Text}");
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as in a crash, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        await _process.KillAndWaitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Runs one command through <c>redis-cli</c> and returns its output.</summary>
    public async Task<string> CliAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var cli = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var output = await cli.StandardOutput.ReadToEndAsync(timeout.Token);
        await cli.WaitForExitAsync(timeout.Token);
        return output.Trim();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await KillAsync();

    private bool PingOnce()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            var stream = client.GetStream();
            stream.ReadTimeout = 1000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
