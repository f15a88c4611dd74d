using System.Net;
using System.Net.Sockets;

namespace Splp.Testing;

/// <summary>
/// A TCP listener on loopback that does whatever the test says with each connection — write garbage,
/// reset, or hold it open without answering — to stand in for a broken agency app.
/// </summary>
public sealed class RawTcpUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Socket> _held = [];
    private int _connections;

    private RawTcpUpstream(Func<Socket, CancellationToken, Task> onConnection)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptAsync(onConnection);
    }

    /// <summary>The address to point a service at.</summary>
    public Uri BaseAddress { get; }

    /// <summary>How many connections were accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Answers every request with bytes that are not HTTP.</summary>
    public static RawTcpUpstream Garbage() => new(async (socket, ct) =>
    {
        await ReadRequestHeadAsync(socket, ct);
        await socket.SendAsync("\u0016\u0003GARBAGE NOT HTTP\r\n\r\n"u8.ToArray(), SocketFlags.None, ct);
        socket.Shutdown(SocketShutdown.Both);
        socket.Dispose();
    });

    /// <summary>Resets every connection once the request has arrived.</summary>
    public static RawTcpUpstream Reset() => new(async (socket, ct) =>
    {
        await ReadRequestHeadAsync(socket, ct);
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    });

    /// <summary>Accepts connections and reads requests but never answers.</summary>
    public static RawTcpUpstream Silent() => new(async (socket, ct) => await ReadRequestHeadAsync(socket, ct));

    /// <summary>Sends response headers and part of the body, then resets the connection.</summary>
    public static RawTcpUpstream ResetMidBody(string contentType) => new(async (socket, ct) =>
    {
        await ReadRequestHeadAsync(socket, ct);
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: 5000\r\n\r\n<?xml version=\"1.0\"?><RESPON><KODE>00</KODE><BIO";
        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(head), SocketFlags.None, ct);
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    });

    /// <summary>
    /// Answers every request with <paramref name="response"/> (status line, headers and body), the first
    /// <paramref name="sendAtOnce"/> bytes at once and then one byte per <paramref name="gap"/>: an app on a bad link.
    /// </summary>
    public static RawTcpUpstream Trickle(string response, TimeSpan gap, int sendAtOnce = 0) => new(async (socket, ct) =>
    {
        await ReadRequestHeadAsync(socket, ct);
        var bytes = System.Text.Encoding.ASCII.GetBytes(response);
        var head = Math.Min(sendAtOnce, bytes.Length);
        if (head > 0)
        {
            await socket.SendAsync(bytes.AsMemory(0, head), SocketFlags.None, ct);
        }

        for (var i = head; i < bytes.Length; i++)
        {
            await Task.Delay(gap, ct);
            await socket.SendAsync(bytes.AsMemory(i, 1), SocketFlags.None, ct);
        }
    });

    private async Task AcceptAsync(Func<Socket, CancellationToken, Task> onConnection)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_held)
            {
                _held.Add(socket);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await onConnection(socket, _stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    // The test is over or the gateway hung up.
                }
            });
        }
    }

    private static async Task ReadRequestHeadAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var seen = 0;
        while (seen < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(seen), SocketFlags.None, ct);
            if (n == 0)
            {
                return;
            }

            seen += n;
            if (buffer.AsSpan(0, seen).IndexOf("\r\n\r\n"u8) >= 0)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        lock (_held)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }
}
