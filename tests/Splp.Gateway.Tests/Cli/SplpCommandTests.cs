using Microsoft.IdentityModel.JsonWebTokens;
using Splp.Cli;
using Splp.Gateway.Auth;

namespace Splp.Gateway.Tests.Cli;

public sealed class SplpCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("splp-cli-test-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        _out.Dispose();
        _err.Dispose();
    }

    [Fact]
    public void Token_PrintsATokenSignedWithTheKeyFile()
    {
        var keyPath = Path.Combine(_directory, "key.json");

        var exit = Run("token", "--consumer", "portal-warga", "--scope", "kependudukan.read", "--scope", "pajak.read", "--key", keyPath);

        Assert.Equal(0, exit);
        var token = new JsonWebToken(_out.ToString().Trim());
        Assert.Equal("portal-warga", token.Subject);
        Assert.Equal("kependudukan.read pajak.read", token.GetClaim("scope").Value);
        Assert.Equal(DevSigningKey.LoadOrCreate(keyPath).KeyId, token.Kid);
    }

    [Fact]
    public void Token_WithoutConsumer_FailsWithUsage()
    {
        var exit = Run("token", "--scope", "x");

        Assert.NotEqual(0, exit);
    }

    [Fact]
    public void ValidateConfig_GoodCatalog_ExitsZero()
    {
        var file = Write("good.json", """
            { "Splp": { "Agencies": { "bapenda": { "Name": "Badan Pendapatan Daerah" } },
                        "Services": { "pajak-daerah": { "Agency": "bapenda", "Upstream": { "Destinations": { "a": "http://10.0.0.7/" } } } } } }
            """);

        Assert.Equal(0, Run("validate-config", file));
        Assert.Contains("OK: 1 services", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateConfig_BadCatalog_ListsProblemsAndExitsOne()
    {
        var file = Write("bad.json", """
            { "Splp": { "Services": { "pajak-daerah": { "Agency": "bapenda", "Upstream": { "Destinations": { "a": "nowhere" } } } } } }
            """);

        Assert.Equal(SplpCommand.ProblemsFound, Run("validate-config", file));
        Assert.Contains("Agency 'bapenda' is not listed", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("'nowhere' is not an absolute", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateConfig_BadPlansAndConsumers_ListsEveryProblemWithItsFileAndKeyAndExitsOne()
    {
        var catalog = Write("catalog.json", """
            { "Splp": { "Agencies": { "bapenda": { "Name": "Badan Pendapatan Daerah" } },
                        "Services": { "pajak-daerah": { "Agency": "bapenda", "Upstream": { "Destinations": { "a": "http://10.0.0.7/" } } } } } }
            """);
        var consumers = Write("consumers.json", """
            { "Splp": { "Plans": { "emas": { "RequestsPerSecond": -5 }, "perak": { "Burst": 0 } },
                        "Consumers": { "portal": { "Plan": "platinum", "Subscriptions": { "pajak-daerahh": { } } } } } }
            """);

        Assert.Equal(SplpCommand.ProblemsFound, Run("validate-config", catalog, consumers));

        var lines = _err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith(consumers + ": Splp:Plans:emas", StringComparison.Ordinal) && l.Contains("RequestsPerSecond", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(consumers + ": Splp:Plans:perak", StringComparison.Ordinal) && l.Contains("Burst", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(consumers + ": Splp:Consumers:portal:Plan 'platinum'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(consumers + ": Splp:Consumers:portal:Subscriptions:pajak-daerahh", StringComparison.Ordinal));
        Assert.Empty(_out.ToString());
    }

    [Fact]
    public void ValidateConfig_MalformedJson_NamesTheFileAndLineAndExitsOne()
    {
        var file = Write("truncated.json", "{ \"Splp\": {\n  \"Services\": ");

        Assert.Equal(SplpCommand.ProblemsFound, Run("validate-config", file));
        Assert.Contains(file, _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("line 2", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateConfig_MalformedJson_ExitsOne()
    {
        var file = Write("broken.json", "{ \"Splp\": ");

        Assert.Equal(SplpCommand.ProblemsFound, Run("validate-config", file));
    }

    [Fact]
    public void ValidateConfig_MissingFile_ExitsTwo()
    {
        Assert.Equal(SplpCommand.UsageError, Run("validate-config", Path.Combine(_directory, "none.json")));
    }

    [Fact]
    public void ApiKey_PrintsTheKeyOnceAndTheConfigurationWithOnlyItsHash()
    {
        var exit = Run("apikey", "--consumer", "simda-bpkad", "--key-id", "2026-03");

        Assert.Equal(0, exit);
        var lines = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var key = lines[0];
        Assert.True(ApiKeyHash.IsWellFormed(key));
        Assert.Equal($"Splp__Consumers__simda-bpkad__ApiKeys__2026-03__Hash={ApiKeyHash.Hash(key)}", lines[1]);
        using var json = System.Text.Json.JsonDocument.Parse(lines[2]);
        Assert.Equal(ApiKeyHash.Hash(key), json.RootElement.GetProperty("Splp").GetProperty("Consumers").GetProperty("simda-bpkad").GetProperty("ApiKeys").GetProperty("2026-03").GetProperty("Hash").GetString());
        Assert.Single(lines, l => l.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void ApiKey_WithAConsumerIdThatCannotBeAConfigurationKey_FailsWithUsage()
    {
        Assert.Equal(SplpCommand.UsageError, Run("apikey", "--consumer", "a:b"));
        Assert.Empty(_out.ToString());
    }

    private int Run(params string[] args) => SplpCommand.Create(_out, _err).Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = _out, Error = _err });

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
