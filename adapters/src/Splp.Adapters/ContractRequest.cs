using Microsoft.AspNetCore.Http;

namespace Splp.Adapters;

/// <summary>A request as the contract sees it, below the service prefix <c>/{service}/v{major}</c>.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path below the service prefix, starting with <c>/</c> (e.g. <c>/penduduk/3404…</c>).</param>
/// <param name="Query">The query parameters of the incoming request.</param>
public sealed record ContractRequest(string Method, string Path, IQueryCollection Query);
