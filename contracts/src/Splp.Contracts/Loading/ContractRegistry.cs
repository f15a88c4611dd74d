using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Splp.Contracts.Loading;

/// <summary>
/// Every contract document under a contracts directory, loaded and checked once:
/// <c>&lt;contractsRoot&gt;/&lt;name&gt;/v&lt;major&gt;/openapi.yaml</c>.
/// </summary>
public sealed partial class ContractRegistry
{
    /// <summary>The name of the document file in each contract version folder.</summary>
    public const string DocumentFileName = "openapi.yaml";

    private readonly Dictionary<ContractId, ServiceContract> _contracts;

    private ContractRegistry(IReadOnlyList<ServiceContract> contracts)
    {
        Contracts = contracts;
        _contracts = contracts.ToDictionary(c => c.Id);
    }

    /// <summary>The loaded contracts, ordered by name and major version.</summary>
    public IReadOnlyCollection<ServiceContract> Contracts { get; }

    /// <summary>The default contracts directory: <c>contracts/</c> next to the application.</summary>
    public static string DefaultRoot => Path.Combine(AppContext.BaseDirectory, "contracts");

    /// <summary>
    /// Loads every <c>&lt;name&gt;/v&lt;major&gt;/openapi.yaml</c> below <paramref name="contractsRoot"/> and checks each
    /// one: unique operation ids, every path parameter declared, supported schema keywords, well-formed
    /// <c>x-splp-*</c> extensions. Validators are compiled here, once.
    /// </summary>
    /// <exception cref="ContractLoadException">Any document has any problem; the exception lists all of them.</exception>
    public static async Task<ContractRegistry> LoadAsync(string contractsRoot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(contractsRoot);
        var root = Path.GetFullPath(contractsRoot);
        if (!Directory.Exists(root))
        {
            throw new ContractLoadException([new ContractLoadProblem(root, "the contracts directory does not exist")]);
        }

        var problems = new List<ContractLoadProblem>();
        var contracts = new List<ServiceContract>();
        foreach (var serviceDirectory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(serviceDirectory);
            foreach (var versionDirectory in Directory.EnumerateDirectories(serviceDirectory).Order(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var file = Path.Combine(versionDirectory, DocumentFileName);
                if (!File.Exists(file))
                {
                    continue;
                }

                var version = Path.GetFileName(versionDirectory);
                if (!ContractName().IsMatch(name))
                {
                    problems.Add(new ContractLoadProblem(file, $"the folder name '{name}' is not a contract name (lower-case letters, digits and hyphens)"));
                    continue;
                }

                if (!MajorVersion().IsMatch(version))
                {
                    problems.Add(new ContractLoadProblem(file, $"the folder name '{version}' is not a major version such as 'v1'"));
                    continue;
                }

                var id = new ContractId(name, int.Parse(version.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture));
                var (contract, fileProblems) = await ContractDocumentLoader.LoadAsync(id, file, cancellationToken).ConfigureAwait(false);
                problems.AddRange(fileProblems.Select(p => new ContractLoadProblem(file, p)));
                if (contract is not null && fileProblems.Count == 0)
                {
                    contracts.Add(contract);
                }
            }
        }

        if (contracts.Count == 0 && problems.Count == 0)
        {
            problems.Add(new ContractLoadProblem(root, $"no contract documents found (expected <name>/v<major>/{DocumentFileName})"));
        }

        if (problems.Count > 0)
        {
            throw new ContractLoadException(problems);
        }

        return new ContractRegistry(contracts);
    }

    /// <summary>Finds a contract by name and major version.</summary>
    public bool TryGet(ContractId id, [NotNullWhen(true)] out ServiceContract? contract) => _contracts.TryGetValue(id, out contract);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContractName();

    [GeneratedRegex("^v[1-9][0-9]{0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex MajorVersion();
}
