using Splp.Contracts.Loading;

namespace Splp.Contracts.Tests;

/// <summary>The real contracts, loaded once from the test output (where Splp.Contracts copies them).</summary>
internal static class ContractsFixture
{
    private static readonly Lazy<ContractRegistry> Loaded = new(
        () => ContractRegistry.LoadAsync(ContractRegistry.DefaultRoot, CancellationToken.None).GetAwaiter().GetResult());

    public static ContractRegistry Registry => Loaded.Value;

    public static ServiceContract Get(string name, int major = 1) =>
        Registry.TryGet(new ContractId(name, major), out var contract) ? contract : throw new InvalidOperationException($"Contract {name} v{major} is not loaded.");

    public static ContractOperation Operation(string contract, string operationId) =>
        Get(contract).TryGetOperation(operationId, out var operation) ? operation : throw new InvalidOperationException($"{contract} has no operation {operationId}.");
}
