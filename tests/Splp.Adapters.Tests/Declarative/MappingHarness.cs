using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Splp.Adapters.Declarative;
using Splp.Contracts;
using Splp.Contracts.Loading;

namespace Splp.Adapters.Tests.Declarative;

/// <summary>Builds declarative adapters from JSON and drives them the way the gateway does.</summary>
internal static class MappingHarness
{
    public const string Json = "application/json; charset=utf-8";

    /// <summary>The contract each mapping file serves.</summary>
    public static readonly Dictionary<string, ContractId> ContractOf = new(StringComparer.Ordinal)
    {
        ["dpmptsp-oss"] = new ContractId("perizinan", 1),
        ["bapenda-simpada"] = new ContractId("pajak-daerah", 1),
        ["lapor-sp4n"] = new ContractId("pengaduan", 1),
    };

    private static readonly Lazy<Task<ContractRegistry>> Registry = new(() => ContractRegistry.LoadAsync(ContractRegistry.DefaultRoot));

    /// <summary>The contract document (contracts/&lt;name&gt;/v1/openapi.yaml) a mapping file serves.</summary>
    public static async Task<ServiceContract> ContractAsync(string adapterName)
    {
        var registry = await Registry.Value;
        Assert.True(registry.TryGet(ContractOf[adapterName], out var contract), $"No contract {ContractOf[adapterName]} is loaded.");
        return contract;
    }

    /// <summary>Loads <c>adapters/mappings/&lt;name&gt;.json</c> as the gateway would and builds it, failing on any problem.</summary>
    public static IServiceAdapter LoadMappingFile(string name)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", name + ".json"), optional: false, reloadOnChange: false)
            .Build();
        var errors = new List<string>();
        var adapters = DeclarativeAdapterFactory.TryBuildAll(configuration, errors);
        Assert.Empty(errors);
        return Assert.Single(adapters, a => a.Name == name);
    }

    /// <summary>Binds the JSON of one adapter's options (as under <c>Splp:Adapters:test</c>) and builds it.</summary>
    public static (IServiceAdapter? Adapter, List<string> Errors) TryBuild(string adapterJson, string name = "test")
    {
        var document = $$"""{ "Splp": { "Adapters": { "{{name}}": {{adapterJson}} } } }""";
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(document))).Build();
        var errors = new List<string>();
        var adapters = DeclarativeAdapterFactory.TryBuildAll(configuration, errors);
        return (adapters.SingleOrDefault(), errors);
    }

    public static IServiceAdapter Build(string adapterJson)
    {
        var (adapter, errors) = TryBuild(adapterJson);
        Assert.Empty(errors);
        return adapter!;
    }

    /// <summary>An adapter with one <c>GET /x</c> operation whose response maps <paramref name="fieldsJson"/>.</summary>
    public static IServiceAdapter Fields(string fieldsJson, string extraResponse = "", string extraAdapter = "") => Build($$"""
        {
          {{extraAdapter}}
          "Operations": [ {
            "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" },
            "Response": { {{extraResponse}} "Fields": {{fieldsJson}} }
          } ]
        }
        """);

    public static ContractRequest Request(string method, string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        var query = q < 0 ? QueryCollection.Empty : new QueryCollection(QueryHelpers.ParseQuery(pathAndQuery[q..]));
        return new ContractRequest(method, path, query);
    }

    public static ContractRequest Get(string pathAndQuery) => Request("GET", pathAndQuery);

    /// <summary>Maps an in-memory upstream body.</summary>
    public static Task<Mapped> MapAsync(IServiceAdapter adapter, string operationId, string body, int status = 200, string? contentType = Json) =>
        MapAsync(adapter, operationId, new MemoryStream(Encoding.UTF8.GetBytes(body)), status, contentType);

    public static async Task<Mapped> MapAsync(IServiceAdapter adapter, string operationId, Stream body, int status = 200, string? contentType = Json)
    {
        var output = new ArrayBufferWriter<byte>();
        var result = await adapter.MapResponseAsync(new UpstreamResponse(operationId, status, contentType, body), output, CancellationToken.None);
        return new Mapped(result, result.Problem is null ? JsonDocument.Parse(output.WrittenMemory).RootElement.Clone() : null);
    }

    /// <summary>Runs a contract request through the adapter against a real upstream, as the gateway does.</summary>
    public static async Task<Mapped> ExchangeAsync(IServiceAdapter adapter, HttpClient upstream, ContractRequest request, string? contractBody = null)
    {
        var mapping = adapter.MapRequest(request);
        if (mapping.Problem is not null)
        {
            return new Mapped(ResponseMapping.Failed(mapping.Problem), null);
        }

        var uri = mapping.UpstreamPath!;
        if (mapping.Query.Count > 0)
        {
            uri += QueryString.Create(mapping.Query.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))).ToUriComponent();
        }

        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (contractBody is not null)
        {
            if (mapping.Body is { } bodyMapper)
            {
                var buffer = new ArrayBufferWriter<byte>();
                var refused = await bodyMapper.MapAsync(new MemoryStream(Encoding.UTF8.GetBytes(contractBody)), buffer, CancellationToken.None);
                if (refused is not null)
                {
                    return new Mapped(ResponseMapping.Failed(refused), null);
                }

                message.Content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(bodyMapper.UpstreamContentType);
            }
            else
            {
                message.Content = new StringContent(contractBody, Encoding.UTF8, "application/json");
            }
        }

        using var response = await upstream.SendAsync(message);
        await using var body = new LengthLimitedStream(await response.Content.ReadAsStreamAsync(), 16 * 1024 * 1024);
        var mapped = await MapAsync(adapter, mapping.OperationId!, body, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString());
        if (ContractOf.ContainsKey(adapter.Name))
        {
            // What the gateway checks in enforce mode: the mapped body satisfies the contract's schema, and a
            // problem's status is one the operation documents.
            var contract = await ContractAsync(adapter.Name);
            Assert.True(contract.TryGetOperation(mapping.OperationId!, out var operation), $"The contract has no operation {mapping.OperationId}.");
            var status = mapped.Result.StatusCode;
            var violations = mapped.Body is { } json
                ? operation.ValidateResponse(status, Encoding.UTF8.GetBytes(json.GetRawText()))
                : operation.DocumentsStatus(status) ? [] : [new Splp.Contracts.Validation.ContractViolation("status", $"{status} is not documented")];
            Assert.True(violations.Count == 0, $"{mapping.OperationId} {status} breaks the contract: " + string.Join("; ", violations));
        }

        return mapped;
    }

    /// <summary>Maps a contract body through the operation's request body mapper.</summary>
    public static async Task<(AdapterProblem? Problem, JsonElement? Upstream)> MapBodyAsync(IServiceAdapter adapter, ContractRequest request, string body)
    {
        var mapping = adapter.MapRequest(request);
        Assert.Null(mapping.Problem);
        var mapper = Assert.IsAssignableFrom<IRequestBodyMapper>(mapping.Body);
        var buffer = new ArrayBufferWriter<byte>();
        var problem = await mapper.MapAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), buffer, CancellationToken.None);
        return (problem, problem is null ? JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone() : null);
    }

    public static string Wib(DateTimeOffset value) => value.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A mapping result: the outcome and, on success, the contract body.</summary>
internal sealed record Mapped(ResponseMapping Result, JsonElement? Body)
{
    public JsonElement Json => Body ?? throw new Xunit.Sdk.XunitException($"Expected a mapped body, got problem {Result.Problem}.");

    public AdapterProblem Problem => Result.Problem ?? throw new Xunit.Sdk.XunitException("Expected a problem, got a mapped body: " + Body);
}
