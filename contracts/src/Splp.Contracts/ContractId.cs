namespace Splp.Contracts;

/// <summary>
/// Identifies a shared contract by its name and major version, e.g. <c>kependudukan</c> v1.
/// Services are reached at <c>/{service}/v{major}/...</c>.
/// </summary>
/// <param name="Name">The contract name: lower-case letters, digits and hyphens.</param>
/// <param name="Major">The major version, 1 or greater.</param>
public readonly record struct ContractId(string Name, int Major)
{
    /// <summary>The path segment that carries the major version, e.g. <c>v1</c>.</summary>
    public string VersionSegment => "v" + Major.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => $"{Name}/{VersionSegment}";
}
