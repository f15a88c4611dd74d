using System.Text.Json;
using System.Text.RegularExpressions;

namespace Splp.Contracts.Validation;

/// <summary>
/// Validates a JSON body against a compiled <see cref="SchemaNode"/> in one forward pass of a
/// <see cref="Utf8JsonReader"/>: no DOM, allocations only for reported violations.
/// </summary>
internal static class JsonBodyValidator
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    /// <summary>Validates <paramref name="body"/>; stops after <see cref="ContractViolation.MaxPerValidation"/> violations.</summary>
    public static IReadOnlyList<ContractViolation> Validate(ReadOnlySpan<byte> body, SchemaNode schema)
    {
        var collector = ViolationCollector.Rent();
        Validate(body, schema, collector);
        return collector.Complete();
    }

    /// <summary>Validates <paramref name="body"/> into <paramref name="collector"/>.</summary>
    public static void Validate(ReadOnlySpan<byte> body, SchemaNode schema, ViolationCollector collector)
    {
        if (body.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            collector.Add(string.Empty, "a JSON body is required");
            return;
        }

        var reader = new Utf8JsonReader(body, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        try
        {
            reader.Read();
            ValidateValue(ref reader, schema, collector);
            if (!collector.IsFull && reader.Read())
            {
                collector.Add(string.Empty, "must be a single JSON value (found more after it)");
            }
        }
        catch (JsonException ex)
        {
            collector.Add(string.Empty, "must be valid JSON: " + ex.Message);
        }
    }

    private static void ValidateValue(ref Utf8JsonReader reader, SchemaNode node, ViolationCollector collector)
    {
        if (node.AllOf is { } allOf)
        {
            foreach (var part in allOf)
            {
                // The reader is a struct over one contiguous buffer, so a copy replays the same value.
                var replay = reader;
                ValidateValue(ref replay, part, collector);
                if (collector.IsFull)
                {
                    return;
                }
            }
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                if (!node.Accepts(JsonTypes.Object))
                {
                    collector.Add(node.TypeReason);
                    reader.Skip();
                }
                else if (node.InspectsMembers)
                {
                    ValidateObject(ref reader, node, collector);
                }
                else
                {
                    reader.Skip();
                }

                break;
            case JsonTokenType.StartArray:
                if (!node.Accepts(JsonTypes.Array))
                {
                    collector.Add(node.TypeReason);
                    reader.Skip();
                }
                else
                {
                    ValidateArray(ref reader, node, collector);
                }

                break;
            case JsonTokenType.String:
                if (!node.Accepts(JsonTypes.String))
                {
                    collector.Add(node.TypeReason);
                }
                else if (node.NeedsStringText)
                {
                    var buffer = collector.TextBuffer(reader.ValueSpan.Length);
                    var written = reader.CopyString(buffer);
                    CheckString(buffer[..written], node, collector);
                }

                break;
            case JsonTokenType.Number:
                ValidateNumber(ref reader, node, collector);
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                if (!node.Accepts(JsonTypes.Boolean))
                {
                    collector.Add(node.TypeReason);
                }
                else if (node.Enum is not null && !node.Enum.Contains(reader.TokenType == JsonTokenType.True ? "true" : "false"))
                {
                    collector.Add(node.EnumReason!);
                }

                break;
            case JsonTokenType.Null:
                if (!node.Accepts(JsonTypes.Null))
                {
                    collector.Add(node.TypeReason);
                }

                break;
            default:
                throw new JsonException($"Unexpected token {reader.TokenType}.");
        }
    }

    private static void ValidateObject(ref Utf8JsonReader reader, SchemaNode node, ViolationCollector collector)
    {
        var requiredCount = node.Required.Length;
        Span<bool> seen = requiredCount <= 64 ? stackalloc bool[requiredCount] : new bool[requiredCount];
        if (collector.AtMaxDepth)
        {
            collector.Add("nests too deeply");
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = FindProperty(ref reader, node, collector, out var unknownName);
            reader.Read();
            if (property is not null)
            {
                if (property.RequiredIndex >= 0)
                {
                    seen[property.RequiredIndex] = true;
                }

                collector.PushName(property.Name);
                ValidateValue(ref reader, property.Schema, collector);
                collector.Pop();
            }
            else if (!node.AdditionalPropertiesAllowed)
            {
                collector.AddChild(unknownName!, "unexpected property");
                reader.Skip();
            }
            else if (node.AdditionalProperties is { } additional)
            {
                collector.PushName(unknownName!);
                ValidateValue(ref reader, additional, collector);
                collector.Pop();
            }
            else
            {
                reader.Skip();
            }

            if (collector.IsFull)
            {
                return;
            }
        }

        for (var i = 0; i < requiredCount; i++)
        {
            if (!seen[i])
            {
                collector.AddChild(node.Required[i], "is required");
            }
        }
    }

    private static PropertyNode? FindProperty(ref Utf8JsonReader reader, SchemaNode node, ViolationCollector collector, out string? unknownName)
    {
        unknownName = null;
        var needsName = !node.AdditionalPropertiesAllowed || node.AdditionalProperties is not null;
        if (node.Properties is null)
        {
            if (needsName)
            {
                unknownName = reader.GetString();
            }

            return null;
        }

        var buffer = collector.TextBuffer(reader.ValueSpan.Length);
        var name = buffer[..reader.CopyString(buffer)];
        if (node.PropertyLookup.TryGetValue(name, out var property))
        {
            return property;
        }

        if (needsName)
        {
            unknownName = new string(name);
        }

        return null;
    }

    private static void ValidateArray(ref Utf8JsonReader reader, SchemaNode node, ViolationCollector collector)
    {
        if (collector.AtMaxDepth)
        {
            collector.Add("nests too deeply");
            reader.Skip();
            return;
        }

        var count = 0;
        var items = node.Items;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (items is null)
            {
                reader.Skip();
            }
            else
            {
                collector.PushIndex(count);
                ValidateValue(ref reader, items, collector);
                collector.Pop();
                if (collector.IsFull)
                {
                    return;
                }
            }

            count++;
        }

        if (node.MinItems is { } minItems && count < minItems)
        {
            collector.Add($"must have at least {minItems} items");
        }

        if (node.MaxItems is { } maxItems && count > maxItems)
        {
            collector.Add($"must have at most {maxItems} items");
        }
    }

    private static void ValidateNumber(ref Utf8JsonReader reader, SchemaNode node, ViolationCollector collector)
    {
        // Readers here always run over one contiguous buffer, so the value is a span.
        var raw = reader.ValueSpan;
        var isInteger = raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
        if (!node.Accepts(JsonTypes.Number) && !(isInteger && node.Accepts(JsonTypes.Integer)))
        {
            collector.Add(node.Accepts(JsonTypes.Integer) ? "must be an integer" : node.TypeReason);
            return;
        }

        if (node.HasNumericBounds)
        {
            CheckBounds(reader.GetDouble(), node, collector);
        }

        if (node.Enum is not null)
        {
            Span<char> text = stackalloc char[raw.Length <= 64 ? raw.Length : 0];
            if (raw.Length > 64 || System.Text.Encoding.UTF8.GetChars(raw, text) != raw.Length || !node.EnumLookup.Contains(text))
            {
                collector.Add(node.EnumReason!);
            }
        }
    }

    /// <summary>Checks the numeric bounds of <paramref name="node"/>.</summary>
    internal static void CheckBounds(double value, SchemaNode node, ViolationCollector collector)
    {
        if (node.Minimum is { } min && (node.ExclusiveMinimum ? value <= min : value < min))
        {
            collector.Add(node.MinimumReason!);
        }

        if (node.Maximum is { } max && (node.ExclusiveMaximum ? value >= max : value > max))
        {
            collector.Add(node.MaximumReason!);
        }
    }

    /// <summary>Checks the string keywords of <paramref name="node"/> against an unescaped value.</summary>
    internal static void CheckString(ReadOnlySpan<char> text, SchemaNode node, ViolationCollector collector)
    {
        if (node.Enum is not null && !node.EnumLookup.Contains(text))
        {
            collector.Add(node.EnumReason!);

            // A value outside the code list says all there is to say about it.
            return;
        }

        if (node.MinLength is { } minLength && text.Length < minLength)
        {
            collector.Add($"must be at least {minLength} characters");
        }

        if (node.MaxLength is { } maxLength && text.Length > maxLength)
        {
            collector.Add($"must be at most {maxLength} characters");
        }

        if (node.Pattern is { } pattern && !IsMatch(pattern, text))
        {
            collector.Add(node.PatternReason!);
        }

        switch (node.Format)
        {
            case StringFormat.Date when !JsonFormats.IsDate(text):
                collector.Add("must be a date (yyyy-MM-dd)");
                break;
            case StringFormat.DateTime when !JsonFormats.IsDateTime(text):
                collector.Add("must be a date-time (yyyy-MM-ddTHH:mm:ss with an offset, e.g. 2026-03-02T09:15:00+07:00)");
                break;
            default:
                break;
        }
    }

    private static bool IsMatch(Regex pattern, ReadOnlySpan<char> text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // A value that takes too long to match is treated as not matching, never as a crash.
            return false;
        }
    }
}
