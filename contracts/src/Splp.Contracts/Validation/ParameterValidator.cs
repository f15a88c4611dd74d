using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Splp.Contracts.Validation;

/// <summary>A compiled path or query parameter.</summary>
/// <param name="Name">The parameter name, case-sensitive.</param>
/// <param name="Required">Whether the parameter must be present.</param>
/// <param name="Schema">The compiled schema of its value.</param>
/// <param name="Pointer">The violation pointer, e.g. <c>query:pageSize</c>.</param>
internal sealed record ParameterNode(string Name, bool Required, SchemaNode Schema, string Pointer);

/// <summary>
/// Validates parameter values, which arrive as text: a value is read as the first type its schema
/// accepts that it parses as (integer, number, boolean, then string).
/// </summary>
internal static class ParameterValidator
{
    /// <summary>Validates the path parameters of an operation.</summary>
    public static void ValidatePath(ParameterNode[] parameters, IReadOnlyDictionary<string, string> values, ViolationCollector collector)
    {
        foreach (var parameter in parameters)
        {
            if (!values.TryGetValue(parameter.Name, out var value))
            {
                collector.Add(parameter.Pointer, "is required");
            }
            else
            {
                ValidateText(value, parameter.Schema, parameter.Pointer, collector);
            }
        }
    }

    /// <summary>Validates the query of a request: declared parameters, required ones, and nothing else.</summary>
    public static void ValidateQuery(ParameterNode[] parameters, IEnumerable<KeyValuePair<string, StringValues>>? query, ViolationCollector collector)
    {
        Span<bool> seen = parameters.Length <= 64 ? stackalloc bool[parameters.Length] : new bool[parameters.Length];
        if (query is not null)
        {
            foreach (var (name, values) in query)
            {
                var index = IndexOf(parameters, name);
                if (index < 0)
                {
                    collector.Add(ContractViolation.QueryPrefix + name, "is not a parameter of this operation");
                    continue;
                }

                seen[index] = true;
                var parameter = parameters[index];
                if (parameter.Schema.Accepts(JsonTypes.Array) && parameter.Schema.Items is { } items)
                {
                    foreach (var value in values)
                    {
                        ValidateText(value ?? string.Empty, items, parameter.Pointer, collector);
                    }
                }
                else if (values.Count > 1)
                {
                    collector.Add(parameter.Pointer, "must be given once");
                }
                else
                {
                    ValidateText(values.Count == 0 ? string.Empty : values[0] ?? string.Empty, parameter.Schema, parameter.Pointer, collector);
                }
            }
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!seen[i] && parameters[i].Required)
            {
                collector.Add(parameters[i].Pointer, "is required");
            }
        }
    }

    private static int IndexOf(ParameterNode[] parameters, string name)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void ValidateText(string value, SchemaNode node, string pointer, ViolationCollector collector)
    {
        collector.FixedPointer = pointer;
        try
        {
            if (node.Accepts(JsonTypes.Integer) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                CheckNumber(integer, value, node, collector);
            }
            else if (node.Accepts(JsonTypes.Number) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                CheckNumber(number, value, node, collector);
            }
            else if (node.Accepts(JsonTypes.Boolean) && value is "true" or "false")
            {
                if (node.Enum is not null && !node.Enum.Contains(value))
                {
                    collector.Add(node.EnumReason!);
                }
            }
            else if (node.Accepts(JsonTypes.String))
            {
                JsonBodyValidator.CheckString(value, node, collector);
            }
            else
            {
                collector.Add(node.Accepts(JsonTypes.Integer) && !node.Accepts(JsonTypes.Number) ? "must be an integer" : node.TypeReason);
            }
        }
        finally
        {
            collector.FixedPointer = null;
        }
    }

    private static void CheckNumber(double value, string text, SchemaNode node, ViolationCollector collector)
    {
        JsonBodyValidator.CheckBounds(value, node, collector);
        if (node.Enum is not null && !node.Enum.Contains(text))
        {
            collector.Add(node.EnumReason!);
        }
    }
}
