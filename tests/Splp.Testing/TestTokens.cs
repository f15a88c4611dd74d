using Splp.Gateway.Auth;

namespace Splp.Testing;

/// <summary>A development signing key in a temporary file of its own, and tokens signed with it.</summary>
public sealed class TestTokens : IDisposable
{
    private readonly string _directory;

    /// <summary>Creates a fresh key.</summary>
    public TestTokens(TimeProvider? timeProvider = null)
    {
        _directory = Directory.CreateTempSubdirectory("splp-keys-").FullName;
        KeyPath = Path.Combine(_directory, "dev-issuer-key.json");
        Minter = new DevTokenMinter(DevSigningKey.LoadOrCreate(KeyPath), timeProvider ?? TimeProvider.System);
    }

    /// <summary>The key file the gateway under test trusts.</summary>
    public string KeyPath { get; }

    /// <summary>Mints tokens with the key.</summary>
    public DevTokenMinter Minter { get; }

    /// <summary>A one-hour token for <paramref name="consumer"/> with <paramref name="scopes"/>.</summary>
    public string For(string consumer, params string[] scopes) => Minter.Mint(consumer, scopes, TimeSpan.FromHours(1));

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
