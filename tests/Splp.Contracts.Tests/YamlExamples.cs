using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Splp.Contracts.Tests;

/// <summary>
/// Reads a contract document with YAML 1.2 core-schema typing (NSwag's YAML reader turns every scalar
/// into a string, so its examples cannot be validated as they are written).
/// </summary>
internal static partial class YamlExamples
{
    /// <summary>The whole document as JSON.</summary>
    public static JsonObject Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file, Encoding.UTF8))
        {
            stream.Load(reader);
        }

        return (JsonObject)ToJson(stream.Documents[0].RootNode)!;
    }

    /// <summary>Follows a local <c>$ref</c> (e.g. <c>#/components/responses/NotFound</c>) until a non-reference node.</summary>
    public static JsonObject Resolve(JsonObject document, JsonObject node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            JsonNode current = document;
            foreach (var segment in reference.TrimStart('#', '/').Split('/'))
            {
                current = current[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                    ?? throw new InvalidOperationException($"Unresolved reference {reference}.");
            }

            node = (JsonObject)current;
        }

        return node;
    }

    public static byte[] Utf8(JsonNode? node) => Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null");

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"Unsupported YAML node {node.NodeType}."),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when IntegerPattern().IsMatch(value) => JsonNode.Parse(value.TrimStart('+')),
            _ when FloatPattern().IsMatch(value) => JsonValue.Create(double.Parse(value, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(value),
        };
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    /// <summary>Serializes with the options the tests compare by.</summary>
    public static string Compact(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
