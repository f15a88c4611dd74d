using System.Globalization;
using System.Text.Json;

namespace Splp.Adapters.Declarative;

/// <summary>A compiled field map: writes one target object from one source object, property by property.</summary>
internal sealed class ObjectPlan(PropertyPlan[] properties)
{
    public PropertyPlan[] Properties { get; } = properties;

    /// <summary>Writes <c>{ … }</c> for <paramref name="source"/>, which must be an object.</summary>
    public void WriteObject(JsonElement source, Utf8JsonWriter writer)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            throw new MappingException("is not an object");
        }

        writer.WriteStartObject();
        WriteProperties(source, writer);
        writer.WriteEndObject();
    }

    public void WriteProperties(JsonElement source, Utf8JsonWriter writer)
    {
        foreach (var property in Properties)
        {
            property.Write(source, writer);
        }
    }

    /// <summary>Whether any property would write a value other than nothing or null.</summary>
    public bool HasAnyValue(JsonElement source)
    {
        foreach (var property in Properties)
        {
            if (property.HasValue(source))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes each item of <paramref name="array"/> as a mapped object, item by item.</summary>
    public void WriteItems(JsonElement array, Utf8JsonWriter writer, bool lenient, string target, string source)
    {
        writer.WriteStartArray();
        switch (array.ValueKind)
        {
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in array.EnumerateArray())
                {
                    try
                    {
                        WriteObject(item, writer);
                    }
                    catch (MappingException e)
                    {
                        var index = string.Create(CultureInfo.InvariantCulture, $"[{i}]");
                        throw e.Target is null ? new MappingException(e.Reason, target + index, source + index) : e.Under(target + index, source + index);
                    }

                    i++;
                }

                break;

            // XML has no arrays: one repeated element reads as an object, none as empty text.
            case JsonValueKind.Object when lenient:
                WriteObject(array, writer);
                break;
            case JsonValueKind.String when lenient && array.ValueEquals(""u8):
                break;
            default:
                throw new MappingException("is not an array", target, source);
        }

        writer.WriteEndArray();
    }
}

/// <summary>One compiled target property: a value (with its converter), an array of mapped items, or a nested object.</summary>
internal sealed class PropertyPlan
{
    public required JsonEncodedText Name { get; init; }

    /// <summary>The target path, for messages.</summary>
    public required string Target { get; init; }

    public SourcePath? From { get; init; }

    public ValueConverter Converter { get; init; } = CopyConverter.Instance;

    /// <summary>The constant's JSON, rendered at build time.</summary>
    public byte[]? Constant { get; init; }

    /// <summary>The default's JSON, rendered at build time.</summary>
    public byte[]? Default { get; init; }

    public bool Required { get; init; }

    public bool Nullable { get; init; }

    /// <summary>The item map of an array property.</summary>
    public ObjectPlan? Items { get; init; }

    /// <summary>The children of a nested object property.</summary>
    public ObjectPlan? Children { get; init; }

    public bool LenientArrays { get; init; }

    public bool HasValue(JsonElement source)
    {
        if (Constant is not null || Default is not null)
        {
            return true;
        }

        if (Children is not null)
        {
            return Children.HasAnyValue(source);
        }

        return From is not null && From.TryResolveValue(source, out _);
    }

    public void Write(JsonElement source, Utf8JsonWriter writer)
    {
        if (Children is not null)
        {
            if (Nullable && !Children.HasAnyValue(source))
            {
                writer.WriteNull(Name);
                return;
            }

            writer.WriteStartObject(Name);
            Children.WriteProperties(source, writer);
            writer.WriteEndObject();
            return;
        }

        if (Constant is not null)
        {
            writer.WritePropertyName(Name);
            writer.WriteRawValue(Constant, skipInputValidation: true);
            return;
        }

        if (From!.TryResolveValue(source, out var value))
        {
            writer.WritePropertyName(Name);
            if (Items is not null)
            {
                Items.WriteItems(value, writer, LenientArrays, Target, From.Display);
                return;
            }

            try
            {
                Converter.Write(value, writer);
            }
            catch (MappingException e)
            {
                throw e.At(Target, From.Display);
            }

            return;
        }

        if (Default is not null)
        {
            writer.WritePropertyName(Name);
            writer.WriteRawValue(Default, skipInputValidation: true);
        }
        else if (Required)
        {
            throw new MappingException("is missing", Target, From.Display);
        }
        else if (Nullable)
        {
            writer.WriteNull(Name);
        }
    }
}
