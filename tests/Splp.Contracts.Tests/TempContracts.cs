namespace Splp.Contracts.Tests;

/// <summary>A temporary contracts directory holding documents written by a test.</summary>
internal sealed class TempContracts : IDisposable
{
    public TempContracts() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "splp-contracts-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes <paramref name="yaml"/> as <c>&lt;name&gt;/&lt;version&gt;/openapi.yaml</c> and returns its full path.</summary>
    public string Write(string name, string version, string yaml)
    {
        var directory = Path.Combine(Root, name, version);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "openapi.yaml");
        File.WriteAllText(file, yaml);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory does not fail a test.
        }
    }
}
