using System.Collections.Frozen;
using System.Globalization;
using NJsonSchema;

namespace Splp.Contracts.Validation;

/// <summary>
/// Compiles NJsonSchema schemas into <see cref="SchemaNode"/> trees, once per schema object
/// (shared <c>$ref</c> targets compile once, and cycles are allowed).
/// </summary>
/// <remarks>
/// Supported: <c>type</c> (with OpenAPI <c>nullable</c>), <c>required</c>, <c>properties</c>,
/// <c>additionalProperties</c>, <c>enum</c>, <c>pattern</c>, <c>format</c> date and date-time,
/// <c>minLength</c>/<c>maxLength</c>, <c>minimum</c>/<c>maximum</c> (and exclusive), <c>minItems</c>/<c>maxItems</c>,
/// <c>items</c>, <c>$ref</c>, <c>allOf</c>. Anything else that constrains values (<c>oneOf</c>, <c>anyOf</c>,
/// <c>not</c>, <c>multipleOf</c>, <c>uniqueItems</c>, ...) is reported as a problem rather than silently ignored.
/// </remarks>
internal sealed class SchemaCompiler
{
    private readonly Dictionary<JsonSchema, SchemaNode> _compiled = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _problems = [];

    /// <summary>Problems found so far: unsupported keywords, invalid patterns.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Compiles <paramref name="schema"/>; <paramref name="location"/> names it in problems.</summary>
    public SchemaNode Compile(JsonSchema schema, string location)
    {
        ArgumentNullException.ThrowIfNull(schema);

        // In OpenAPI 3.0 the siblings of a $ref are ignored, so a reference compiles to its target.
        var depth = 0;
        while (schema.Reference is not null && depth++ < 32)
        {
            schema = schema.Reference;
        }

        if (_compiled.TryGetValue(schema, out var existing))
        {
            return existing;
        }

        var node = new SchemaNode();
        _compiled.Add(schema, node);
        Fill(node, schema, location);
        return node;
    }

    private void Fill(SchemaNode node, JsonSchema schema, string location)
    {
        ReportUnsupported(schema, location);

        node.Types = MapTypes(schema);
        node.TypeReason = DescribeTypes(node.Types);

        if (schema.Enumeration.Count > 0)
        {
            var values = schema.Enumeration.Select(FormatEnumValue).ToArray();
            node.Enum = values.ToFrozenSet(StringComparer.Ordinal);
            node.EnumLookup = node.Enum.GetAlternateLookup<ReadOnlySpan<char>>();
            node.EnumReason = "must be one of " + string.Join(", ", values);
        }

        if (!string.IsNullOrEmpty(schema.Pattern))
        {
            try
            {
                node.Pattern = RegexCache.Get(schema.Pattern);
                node.PatternReason = "must match " + schema.Pattern;
            }
            catch (ArgumentException ex)
            {
                _problems.Add($"{location}: pattern '{schema.Pattern}' is not a valid regular expression ({ex.Message})");
            }
        }

        node.Format = schema.Format switch
        {
            "date" => StringFormat.Date,
            "date-time" => StringFormat.DateTime,
            _ => StringFormat.None,
        };
        node.MinLength = schema.MinLength;
        node.MaxLength = schema.MaxLength;

        if (schema.ExclusiveMinimum is { } exclusiveMinimum)
        {
            (node.Minimum, node.ExclusiveMinimum) = ((double)exclusiveMinimum, true);
        }
        else if (schema.Minimum is { } minimum)
        {
            (node.Minimum, node.ExclusiveMinimum) = ((double)minimum, schema.IsExclusiveMinimum);
        }

        if (schema.ExclusiveMaximum is { } exclusiveMaximum)
        {
            (node.Maximum, node.ExclusiveMaximum) = ((double)exclusiveMaximum, true);
        }
        else if (schema.Maximum is { } maximum)
        {
            (node.Maximum, node.ExclusiveMaximum) = ((double)maximum, schema.IsExclusiveMaximum);
        }

        if (node.Minimum is { } min)
        {
            node.MinimumReason = (node.ExclusiveMinimum ? "must be > " : "must be >= ") + min.ToString(CultureInfo.InvariantCulture);
        }

        if (node.Maximum is { } max)
        {
            node.MaximumReason = (node.ExclusiveMaximum ? "must be < " : "must be <= ") + max.ToString(CultureInfo.InvariantCulture);
        }

        node.MinItems = schema.MinItems > 0 ? schema.MinItems : null;
        node.MaxItems = schema.MaxItems > 0 ? schema.MaxItems : null;
        if (schema.Item is not null)
        {
            node.Items = Compile(schema.Item, location + "/items");
        }

        if (schema.Properties.Count > 0 || schema.RequiredProperties.Count > 0)
        {
            var required = schema.RequiredProperties.Distinct(StringComparer.Ordinal).ToArray();
            var properties = new Dictionary<string, PropertyNode>(StringComparer.Ordinal);
            foreach (var (name, property) in schema.Properties)
            {
                properties[name] = new PropertyNode(name, Compile(property, location + "/properties/" + name), Array.IndexOf(required, name));
            }

            node.Required = required;
            node.Properties = properties.ToFrozenDictionary(StringComparer.Ordinal);
            node.PropertyLookup = node.Properties.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        node.AdditionalPropertiesAllowed = schema.AllowAdditionalProperties;
        if (schema.AdditionalPropertiesSchema is not null)
        {
            node.AdditionalProperties = Compile(schema.AdditionalPropertiesSchema, location + "/additionalProperties");
        }

        if (schema.AllOf.Count > 0)
        {
            node.AllOf = schema.AllOf.Select((s, i) => Compile(s, string.Create(CultureInfo.InvariantCulture, $"{location}/allOf/{i}"))).ToArray();
        }
    }

    private void ReportUnsupported(JsonSchema schema, string location)
    {
        void Report(string keyword) => _problems.Add($"{location}: '{keyword}' is not supported by contract validation");

        if (schema.OneOf.Count > 0)
        {
            Report("oneOf");
        }

        if (schema.AnyOf.Count > 0)
        {
            Report("anyOf");
        }

        if (schema.Not is not null)
        {
            Report("not");
        }

        if (schema.MultipleOf is not null)
        {
            Report("multipleOf");
        }

        if (schema.UniqueItems)
        {
            Report("uniqueItems");
        }

        if (schema.MinProperties > 0 || schema.MaxProperties > 0)
        {
            Report("minProperties/maxProperties");
        }

        if (schema.PatternProperties.Count > 0)
        {
            Report("patternProperties");
        }

        if (schema.Items.Count > 0)
        {
            Report("items (tuple form)");
        }
    }

    private static JsonTypes MapTypes(JsonSchema schema)
    {
        var type = schema.Type;
        if (type == JsonObjectType.None)
        {
            return JsonTypes.Any;
        }

        var types = JsonTypes.None;
        if (type.HasFlag(JsonObjectType.Null) || schema.IsNullableRaw == true)
        {
            types |= JsonTypes.Null;
        }

        if (type.HasFlag(JsonObjectType.Boolean))
        {
            types |= JsonTypes.Boolean;
        }

        if (type.HasFlag(JsonObjectType.Integer))
        {
            types |= JsonTypes.Integer;
        }

        if (type.HasFlag(JsonObjectType.Number))
        {
            types |= JsonTypes.Number | JsonTypes.Integer;
        }

        if (type.HasFlag(JsonObjectType.String) || type.HasFlag(JsonObjectType.File))
        {
            types |= JsonTypes.String;
        }

        if (type.HasFlag(JsonObjectType.Array))
        {
            types |= JsonTypes.Array;
        }

        if (type.HasFlag(JsonObjectType.Object))
        {
            types |= JsonTypes.Object;
        }

        return types;
    }

    private static string DescribeTypes(JsonTypes types)
    {
        var names = new List<string>(4);
        if ((types & JsonTypes.Object) != 0)
        {
            names.Add("an object");
        }

        if ((types & JsonTypes.Array) != 0)
        {
            names.Add("an array");
        }

        if ((types & JsonTypes.String) != 0)
        {
            names.Add("a string");
        }

        if ((types & JsonTypes.Number) != 0)
        {
            names.Add("a number");
        }
        else if ((types & JsonTypes.Integer) != 0)
        {
            names.Add("an integer");
        }

        if ((types & JsonTypes.Boolean) != 0)
        {
            names.Add("a boolean");
        }

        if ((types & JsonTypes.Null) != 0)
        {
            names.Add("null");
        }

        return "must be " + string.Join(" or ", names);
    }

    private static string FormatEnumValue(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
