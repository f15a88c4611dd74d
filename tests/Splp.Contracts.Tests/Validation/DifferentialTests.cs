using System.Globalization;
using System.Text.Json.Nodes;
using Splp.Contracts.Tests.Loading;

namespace Splp.Contracts.Tests.Validation;

/// <summary>
/// The compiled validator and NJsonSchema agree on valid/invalid for every success example and for
/// systematically broken variants of it (each property removed, given a wrong type, or joined by an
/// unknown one). Format checks are left out: NJsonSchema's date checks are laxer (it accepts
/// <c>31-08-2026</c> as a date), which is exactly why the validator does its own.
/// </summary>
public sealed class DifferentialTests
{
    [Theory]
    [MemberData(nameof(ContractExamplesTests.Operations), MemberType = typeof(ContractExamplesTests))]
    public void Validate_ExamplesAndBrokenVariants_AgreesWithNJsonSchema(string contract, string operationId)
    {
        var (document, operationNode, operation) = ContractExamplesTests.Find(contract, operationId);
        var success = operationNode["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).ToArray();
        Assert.NotEmpty(success);

        var compared = 0;
        foreach (var (code, responseNode) in success)
        {
            var response = YamlExamples.Resolve(document, responseNode!.AsObject());
            if (response["content"]?["application/json"]?["example"] is not { } example)
            {
                continue;
            }

            var schema = operation.Definition.Responses[code].ActualResponse.Content["application/json"].Schema;
            var status = int.Parse(code, CultureInfo.InvariantCulture);
            foreach (var (description, variant) in Variants(example))
            {
                var json = variant?.ToJsonString() ?? "null";
                var ours = operation.ValidateResponse(status, System.Text.Encoding.UTF8.GetBytes(json));
                var theirs = schema.Validate(json);
                Assert.True(
                    ours.Count == 0 == (theirs.Count == 0),
                    $"{operationId} {description}: ours [{string.Join("; ", ours)}] vs NJsonSchema [{string.Join("; ", theirs)}]");
                compared++;
            }
        }

        Assert.True(compared > 3, $"{operationId}: only {compared} variants compared");
    }

    [Fact]
    public void Validate_ObviouslyInvalidBodies_BothReject()
    {
        var operation = ContractsFixture.Operation("kependudukan", "getPenduduk");
        var schema = operation.Definition.Responses["200"].ActualResponse.Content["application/json"].Schema;

        foreach (var json in new[] { "[]", "42", "\"nik\"", "{}", "{\"nik\":\"3404071708850003\"}" })
        {
            Assert.NotEmpty(operation.ValidateResponse(200, System.Text.Encoding.UTF8.GetBytes(json)));
            Assert.NotEmpty(schema.Validate(json));
        }
    }

    private static IEnumerable<(string Description, JsonNode? Variant)> Variants(JsonNode example)
    {
        yield return ("example", example.DeepClone());
        foreach (var path in ObjectPaths(example, []))
        {
            var target = Navigate(example, path);
            if (target is not JsonObject obj)
            {
                continue;
            }

            var where = "/" + string.Join('/', path);
            yield return ($"{where} + unknown property", Mutate(example, path, o => o["tidakDikenal"] = 1));
            foreach (var (name, value) in obj.ToArray())
            {
                yield return ($"{where}/{name} removed", Mutate(example, path, o => o.Remove(name)));
                yield return ($"{where}/{name} wrong type", Mutate(example, path, o => o[name] = WrongType(value)));
            }
        }
    }

    private static JsonNode? WrongType(JsonNode? value) => value?.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => JsonValue.Create(12345),
        System.Text.Json.JsonValueKind.Number => JsonValue.Create("12345"),
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => JsonValue.Create("ya"),
        System.Text.Json.JsonValueKind.Object => new JsonArray(),
        System.Text.Json.JsonValueKind.Array => new JsonObject(),
        _ => JsonValue.Create(true),
    };

    private static JsonNode Mutate(JsonNode example, List<string> path, Action<JsonObject> change)
    {
        var copy = example.DeepClone();
        change((JsonObject)Navigate(copy, path)!);
        return copy;
    }

    private static JsonNode? Navigate(JsonNode node, List<string> path)
    {
        JsonNode? current = node;
        foreach (var segment in path)
        {
            current = current is JsonArray array ? array[int.Parse(segment, CultureInfo.InvariantCulture)] : current?[segment];
        }

        return current;
    }

    private static IEnumerable<List<string>> ObjectPaths(JsonNode? node, List<string> path)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return path;
                foreach (var (name, child) in obj)
                {
                    foreach (var nested in ObjectPaths(child, [.. path, name]))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonArray array when array.Count > 0:
                foreach (var nested in ObjectPaths(array[0], [.. path, "0"]))
                {
                    yield return nested;
                }

                break;
            default:
                break;
        }
    }
}
