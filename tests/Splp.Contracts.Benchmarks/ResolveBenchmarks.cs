using BenchmarkDotNet.Attributes;
using Splp.Contracts.Loading;

namespace Splp.Contracts.Benchmarks;

/// <summary><c>TryResolve</c>, which runs on every proxied request.</summary>
[MemoryDiagnoser]
public class ResolveBenchmarks
{
    private ServiceContract _contract = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var registry = await ContractRegistry.LoadAsync(ContractRegistry.DefaultRoot, CancellationToken.None);
        registry.TryGet(new ContractId("pajak-daerah", 1), out var contract);
        _contract = contract!;
    }

    [Benchmark]
    public bool ResolveLiteral() => _contract.TryResolve("GET", "/objek-pajak", out _, out _);

    [Benchmark]
    public bool ResolveWithParameter() => _contract.TryResolve("GET", "/objek-pajak/340407000100500120/tagihan", out _, out _);

    [Benchmark]
    public bool ResolveUnknown() => _contract.TryResolve("GET", "/objek-pajak/340407000100500120/riwayat", out _, out _);
}
