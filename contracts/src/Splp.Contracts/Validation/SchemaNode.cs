using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Splp.Contracts.Validation;

/// <summary>
/// One schema compiled into the checks the validator runs: built once at load, immutable after
/// <see cref="SchemaCompiler"/> fills it, shared by every validation.
/// </summary>
internal sealed class SchemaNode
{
    public JsonTypes Types { get; set; } = JsonTypes.Any;

    /// <summary>The reason given when the value has a type this schema does not accept, e.g. <c>must be a string</c>.</summary>
    public string TypeReason { get; set; } = string.Empty;

    /// <summary>The allowed values as JSON text: strings unescaped, numbers and literals as written.</summary>
    public FrozenSet<string>? Enum { get; set; }

    public FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EnumLookup { get; set; }

    public string? EnumReason { get; set; }

    public Regex? Pattern { get; set; }

    public string? PatternReason { get; set; }

    public StringFormat Format { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public double? Minimum { get; set; }

    public bool ExclusiveMinimum { get; set; }

    public double? Maximum { get; set; }

    public bool ExclusiveMaximum { get; set; }

    public string? MinimumReason { get; set; }

    public string? MaximumReason { get; set; }

    public int? MinItems { get; set; }

    public int? MaxItems { get; set; }

    public SchemaNode? Items { get; set; }

    public FrozenDictionary<string, PropertyNode>? Properties { get; set; }

    public FrozenDictionary<string, PropertyNode>.AlternateLookup<ReadOnlySpan<char>> PropertyLookup { get; set; }

    /// <summary>The required property names, in the order their <see cref="PropertyNode.RequiredIndex"/> counts.</summary>
    public string[] Required { get; set; } = [];

    public bool AdditionalPropertiesAllowed { get; set; } = true;

    public SchemaNode? AdditionalProperties { get; set; }

    public SchemaNode[]? AllOf { get; set; }

    /// <summary>Whether a string value must be read as text (any string keyword is set).</summary>
    public bool NeedsStringText => Enum is not null || Pattern is not null || Format != StringFormat.None || MinLength is not null || MaxLength is not null;

    public bool HasNumericBounds => Minimum is not null || Maximum is not null;

    /// <summary>Whether an object value needs its members read (otherwise it is skipped whole).</summary>
    public bool InspectsMembers => Properties is not null || Required.Length > 0 || !AdditionalPropertiesAllowed || AdditionalProperties is not null;

    public bool Accepts(JsonTypes type) => (Types & type) != 0;
}

/// <summary>A property of an object schema.</summary>
/// <param name="Name">The property name, as written in the contract.</param>
/// <param name="Schema">The property's schema.</param>
/// <param name="RequiredIndex">The index in <see cref="SchemaNode.Required"/>, or -1 when optional.</param>
internal sealed record PropertyNode(string Name, SchemaNode Schema, int RequiredIndex);
