using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Splp.Contracts.Loading;

namespace Splp.Contracts.Tests.Loading;

/// <summary>Every example in every contract document satisfies its own contract.</summary>
public sealed class ContractExamplesTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static TheoryData<string, string> Operations()
    {
        var data = new TheoryData<string, string>();
        foreach (var contract in ContractsFixture.Registry.Contracts.OrderBy(c => c.Id.Name, StringComparer.Ordinal))
        {
            foreach (var operation in contract.Operations)
            {
                data.Add(contract.Id.Name, operation.OperationId);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Examples_OfEveryResponse_SatisfyTheirOwnSchema(string contract, string operationId)
    {
        var (document, operationNode, operation) = Find(contract, operationId);
        var responses = operationNode["responses"]!.AsObject();
        Assert.NotEmpty(responses);

        foreach (var (code, responseNode) in responses)
        {
            var response = YamlExamples.Resolve(document, responseNode!.AsObject());
            foreach (var (mediaType, media) in response["content"]?.AsObject() ?? [])
            {
                Assert.True(media!.AsObject().ContainsKey("example"), $"{operationId} {code} {mediaType} has no example");
                var status = int.Parse(code, CultureInfo.InvariantCulture);
                var violations = operation.ValidateResponse(status, YamlExamples.Utf8(media["example"]));
                Assert.True(violations.Count == 0, $"{operationId} {code}: {string.Join("; ", violations)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Examples_OfParametersAndRequestBody_SatisfyTheContract(string contract, string operationId)
    {
        var (document, operationNode, operation) = Find(contract, operationId);
        var path = new Dictionary<string, string>(StringComparer.Ordinal);
        var query = new List<KeyValuePair<string, StringValues>>();
        foreach (var parameterNode in operationNode["parameters"]?.AsArray() ?? [])
        {
            var parameter = YamlExamples.Resolve(document, parameterNode!.AsObject());
            var name = parameter["name"]!.GetValue<string>();
            Assert.True(parameter.ContainsKey("example"), $"{operationId} parameter {name} has no example");
            var value = parameter["example"]!.ToString();
            if (parameter["in"]!.GetValue<string>() == "path")
            {
                path[name] = value;
            }
            else
            {
                query.Add(KeyValuePair.Create(name, new StringValues(value)));
            }
        }

        ReadOnlyMemory<byte>? body = null;
        if (operationNode["requestBody"] is JsonObject requestBody)
        {
            var media = requestBody["content"]!["application/json"]!.AsObject();
            Assert.True(media.ContainsKey("example"), $"{operationId} request body has no example");
            body = YamlExamples.Utf8(media["example"]);
        }

        var violations = operation.ValidateRequest(path, query, body);

        Assert.True(violations.Count == 0, $"{operationId}: {string.Join("; ", violations)}");
    }

    [Fact]
    public void Examples_AreTypedAsWritten()
    {
        // NSwag's YAML reader makes every scalar a string; the examples tests must not inherit that.
        var (document, _, _) = Find("pajak-daerah", "listTagihan");
        var example = document["paths"]!["/objek-pajak/{nop}/tagihan"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!;

        Assert.Equal(System.Text.Json.JsonValueKind.Number, example["data"]![0]!["tahunPajak"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, example["data"]![0]!["tanggalBayar"]?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null);
        Assert.Equal(System.Text.Json.JsonValueKind.String, example["data"]![0]!["nop"]!.GetValueKind());
    }

    internal static (JsonObject Document, JsonObject Operation, ContractOperation Compiled) Find(string contract, string operationId)
    {
        var service = ContractsFixture.Get(contract);
        var document = YamlExamples.Load(service.SourcePath);
        foreach (var (_, pathItem) in document["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (pathItem![method] is JsonObject operation && operation["operationId"]?.GetValue<string>() == operationId)
                {
                    Assert.True(service.TryGetOperation(operationId, out var compiled));
                    return (document, operation, compiled);
                }
            }
        }

        throw new InvalidOperationException($"{contract} has no operation {operationId}.");
    }
}
