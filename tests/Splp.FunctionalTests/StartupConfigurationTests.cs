using Splp.Testing;

namespace Splp.FunctionalTests;

/// <summary>A gateway started with a bad configuration exits with code 1 and names every problem; it never aborts.</summary>
public sealed class StartupConfigurationTests : IDisposable
{
    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public async Task Start_WithABadPlan_ExitsWithCodeOneNamingTheKey()
    {
        var settings = new CatalogSettings(_tokens).Service("satu", new Uri("http://127.0.0.1:9/"))
            .Set("Splp:Plans:emas:Burst", "0")
            .Set("Splp:Consumers:portal:Plan", "platinum")
            .Build();

        var (exitCode, output) = await GatewayProcess.RunToExitAsync(settings, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("Splp:Plans:emas", output, StringComparison.Ordinal);
        Assert.Contains("Splp:Consumers:portal:Plan 'platinum'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAnOptionsValidationFailure_ExitsWithCodeOne()
    {
        var settings = new CatalogSettings(_tokens).Service("satu", new Uri("http://127.0.0.1:9/"))
            .Set("Splp:Proxy:MaxAdaptedResponseBytes", "10")
            .Build();

        var (exitCode, output) = await GatewayProcess.RunToExitAsync(settings, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("MaxAdaptedResponseBytes", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }
}
