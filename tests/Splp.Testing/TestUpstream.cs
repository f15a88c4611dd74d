using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Splp.Testing;

/// <summary>
/// A real Kestrel upstream on an ephemeral loopback port whose every request is answered by the test's
/// handler; counts the requests it received and keeps the last one's headers.
/// </summary>
public sealed class TestUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private TestUpstream(WebApplication app) => _app = app;

    /// <summary>The upstream's base address.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many requests reached the upstream.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The headers of the most recent request.</summary>
    public IHeaderDictionary? LastHeaders { get; private set; }

    /// <summary>The path and query of the most recent request.</summary>
    public string? LastPathAndQuery { get; private set; }

    /// <summary>Starts an upstream that answers with <paramref name="handler"/>.</summary>
    public static async Task<TestUpstream> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new TestUpstream(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref upstream._requests);
            upstream.LastHeaders = new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value));
            upstream.LastPathAndQuery = context.Request.Path + context.Request.QueryString;
            await handler(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        upstream.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return upstream;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
