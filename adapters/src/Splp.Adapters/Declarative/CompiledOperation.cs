using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Splp.Adapters.Declarative;

/// <summary>A compiled contract path template: literal segments and parameter names.</summary>
internal sealed class PathTemplate(string[] segments, bool[] isParameter)
{
    /// <summary>Literal text or the parameter name, per segment.</summary>
    public string[] Segments { get; } = segments;

    public bool[] IsParameter { get; } = isParameter;

    /// <summary>Matches <paramref name="path"/>, filling <paramref name="values"/> (one slot per segment) with parameter values.</summary>
    public bool TryMatch(ReadOnlySpan<char> path, string?[] values)
    {
        if (path.Length > 1 && path[^1] == '/')
        {
            path = path[..^1];
        }

        if (path.IsEmpty || path[0] != '/')
        {
            return false;
        }

        path = path[1..];
        var index = 0;
        while (true)
        {
            var slash = path.IndexOf('/');
            var segment = slash < 0 ? path : path[..slash];
            if (index >= Segments.Length)
            {
                return false;
            }

            if (IsParameter[index])
            {
                if (segment.IsEmpty)
                {
                    return false;
                }

                values[index] = segment.ToString();
            }
            else if (!segment.SequenceEqual(Segments[index]))
            {
                return false;
            }

            index++;
            if (slash < 0)
            {
                return index == Segments.Length;
            }

            path = path[(slash + 1)..];
        }
    }
}

/// <summary>A compiled contract parameter: its checks and where it goes upstream.</summary>
internal sealed class ParameterPlan
{
    public required string Name { get; init; }

    /// <summary>The segment index in the contract path, or -1 for a query parameter.</summary>
    public int PathIndex { get; init; } = -1;

    public string? Upstream { get; init; }

    public bool Required { get; init; }

    public Regex? Pattern { get; init; }

    public bool Integer { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    public string? Default { get; init; }

    /// <summary>Contract code → upstream code.</summary>
    public CodeConverter? Codes { get; init; }

    private string Where => PathIndex >= 0 ? "Path parameter" : "Query parameter";

    /// <summary>Checks and converts the contract value; returns a problem detail when it is refused.</summary>
    public string? TryConvert(string value, out string upstream)
    {
        upstream = value;
        if (Pattern is not null && !Pattern.IsMatch(value))
        {
            return $"{Where} '{Name}' does not have the format the contract requires.";
        }

        if (Integer)
        {
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                || n < (Minimum ?? long.MinValue) || n > (Maximum ?? long.MaxValue))
            {
                return (Minimum, Maximum) switch
                {
                    ({ } min, { } max) => string.Create(CultureInfo.InvariantCulture, $"{Where} '{Name}' must be an integer from {min} to {max}."),
                    ({ } min, null) => string.Create(CultureInfo.InvariantCulture, $"{Where} '{Name}' must be an integer of at least {min}."),
                    (null, { } max) => string.Create(CultureInfo.InvariantCulture, $"{Where} '{Name}' must be an integer of at most {max}."),
                    _ => $"{Where} '{Name}' must be an integer.",
                };
            }

            upstream = n.ToString(CultureInfo.InvariantCulture);
        }

        if (Codes is not null && !Codes.TryMap(value, out upstream))
        {
            return $"{Where} '{Name}' must be one of {Codes.Allowed}.";
        }

        return null;
    }
}

/// <summary>A condition on a body field: its text is one of the accepted values.</summary>
internal sealed class Condition(SourcePath field, byte[][] values)
{
    public bool Matches(JsonElement root)
    {
        if (!field.TryResolve(root, out var value) || !JsonValues.TryGetText(value, out var text))
        {
            return false;
        }

        foreach (var v in values)
        {
            if (text.SequenceEqual(v))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A compiled upstream failure → problem rule.</summary>
internal sealed class ErrorRule
{
    /// <summary>Exact status, or 0 with <see cref="StatusClass"/>, or both 0 for any.</summary>
    public int Status { get; init; }

    public int StatusClass { get; init; }

    public Condition? When { get; init; }

    public required Func<string, AdapterProblem> Problem { get; init; }

    public required string Detail { get; init; }

    public SourcePath? DetailFrom { get; init; }

    public SourcePath? FieldsFrom { get; init; }

    public Dictionary<string, string> Pointers { get; init; } = [];

    public bool PassReasons { get; init; }

    public bool NeedsBody => When is not null || DetailFrom is not null || FieldsFrom is not null;

    public bool MatchesStatus(int status) =>
        (Status == 0 && StatusClass == 0) || Status == status || (StatusClass != 0 && status / 100 == StatusClass);

    public AdapterProblem Build(JsonElement? body)
    {
        var detail = Detail;
        if (DetailFrom is not null && body is { } root && DetailFrom.TryResolve(root, out var message) && JsonValues.GetTextString(message) is { Length: > 0 } text)
        {
            detail = text.Length > 300 ? text[..300] : text;
        }

        List<AdapterProblemError>? errors = null;
        if (FieldsFrom is not null && body is { } b && FieldsFrom.TryResolve(b, out var fields) && fields.ValueKind == JsonValueKind.Object)
        {
            errors = [];
            foreach (var field in fields.EnumerateObject())
            {
                if (!Pointers.TryGetValue(field.Name, out var pointer))
                {
                    continue;
                }

                var reason = "was refused by the agency application";
                if (PassReasons)
                {
                    var first = field.Value.ValueKind == JsonValueKind.Array && field.Value.GetArrayLength() > 0 ? field.Value[0] : field.Value;
                    reason = JsonValues.GetTextString(first) ?? reason;
                }

                errors.Add(new AdapterProblemError(pointer, reason));
            }

            if (errors.Count > 0)
            {
                detail = detail.TrimEnd('.') + ": " + string.Join(", ", errors.Select(e => e.Pointer)) + ".";
            }
        }

        var problem = Problem(detail);
        return errors is { Count: > 0 } ? problem with { Errors = errors } : problem;
    }
}

/// <summary>What a response mapping writes: one object, a list, or a page.</summary>
internal enum ResponseKind
{
    Object,
    List,
    Page,
}

/// <summary>A compiled response mapping.</summary>
internal sealed class ResponsePlan
{
    public int Status { get; init; } = 200;

    public SourcePath? EnvelopeData { get; init; }

    public Condition? SuccessWhen { get; init; }

    public ResponseKind Kind { get; init; }

    public SourcePath Items { get; init; } = SourcePath.Root;

    public SourcePath? Page { get; init; }

    public SourcePath? PageSize { get; init; }

    public SourcePath? TotalItems { get; init; }

    public SourcePath? TotalPages { get; init; }

    public required ObjectPlan Fields { get; init; }

    /// <summary>The Location template: literals, and for placeholders the upstream path of the field they name.</summary>
    public (string? Literal, SourcePath? Field)[]? Location { get; init; }

    /// <summary>Fills the Location template from the upstream payload; null when a placeholder has no value.</summary>
    public string? BuildLocation(JsonElement data)
    {
        var builder = new System.Text.StringBuilder(64);
        foreach (var (literal, field) in Location!)
        {
            if (literal is not null)
            {
                builder.Append(literal);
            }
            else if (field!.TryResolveValue(data, out var value) && JsonValues.GetTextString(value) is { Length: > 0 } text)
            {
                builder.Append(Uri.EscapeDataString(text));
            }
            else
            {
                return null;
            }
        }

        return builder.ToString();
    }
}

/// <summary>One compiled operation.</summary>
internal sealed class CompiledOperation
{
    public required string OperationId { get; init; }

    public required string Method { get; init; }

    public required PathTemplate Path { get; init; }

    public required ParameterPlan[] Parameters { get; init; }

    /// <summary>Literal parts and, for placeholders, the contract path segment index (literal null).</summary>
    public required (string? Literal, int Segment)[] UpstreamPath { get; init; }

    public required KeyValuePair<string, string>[] ConstantQuery { get; init; }

    public IRequestBodyMapper? Body { get; init; }

    public required ResponsePlan Response { get; init; }

    public required ErrorRule[] Errors { get; init; }

    public RequestMapping Map(ContractRequest request, string?[] pathValues)
    {
        var query = new List<KeyValuePair<string, string>>(Parameters.Length + ConstantQuery.Length);
        var upstreamValues = new string?[pathValues.Length];
        foreach (var parameter in Parameters)
        {
            string? value;
            if (parameter.PathIndex >= 0)
            {
                value = pathValues[parameter.PathIndex];
            }
            else
            {
                var values = request.Query.TryGetValue(parameter.Name, out var v) ? v : default;
                if (values.Count > 1)
                {
                    return RequestMapping.Reject(AdapterProblem.InvalidRequest($"Query parameter '{parameter.Name}' must be given once."));
                }

                value = values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
            }

            string? upstream;
            if (value is null)
            {
                if (parameter.Required)
                {
                    return RequestMapping.Reject(AdapterProblem.InvalidRequest($"Query parameter '{parameter.Name}' is required."));
                }

                upstream = parameter.Default;
            }
            else if (parameter.TryConvert(value, out var converted) is { } refused)
            {
                return RequestMapping.Reject(AdapterProblem.InvalidRequest(refused));
            }
            else
            {
                upstream = converted;
            }

            if (parameter.PathIndex >= 0)
            {
                upstreamValues[parameter.PathIndex] = upstream;
            }

            if (parameter.Upstream is not null && upstream is not null)
            {
                query.Add(KeyValuePair.Create(parameter.Upstream, upstream));
            }
        }

        for (var i = 0; i < pathValues.Length; i++)
        {
            upstreamValues[i] ??= pathValues[i];
        }

        var builder = new System.Text.StringBuilder(64);
        foreach (var (literal, segment) in UpstreamPath)
        {
            builder.Append(literal ?? Uri.EscapeDataString(upstreamValues[segment]!));
        }

        query.AddRange(ConstantQuery);
        var mapping = RequestMapping.Forward(OperationId, builder.ToString(), [.. query]);
        return Body is null ? mapping : mapping.WithBody(Body);
    }
}
