namespace Splp.Contracts.Routing;

/// <summary>One segment of a path template: a literal, or a whole-segment parameter <c>{name}</c>.</summary>
/// <param name="Text">The literal text, or the parameter name.</param>
/// <param name="IsParameter">Whether the segment is a parameter.</param>
internal readonly record struct TemplateSegment(string Text, bool IsParameter);

/// <summary>Parses OpenAPI path templates such as <c>/objek-pajak/{nop}/tagihan</c>.</summary>
internal static class PathTemplate
{
    /// <summary>
    /// Splits <paramref name="template"/> into segments; fails with a reason for an empty segment or a
    /// parameter that does not fill its whole segment (e.g. <c>/file/{name}.json</c>).
    /// </summary>
    public static bool TryParse(string template, out TemplateSegment[] segments, out string? error)
    {
        segments = [];
        error = null;
        if (!template.StartsWith('/'))
        {
            error = "must start with '/'";
            return false;
        }

        var trimmed = template.AsSpan(1);
        if (trimmed.EndsWith("/"))
        {
            trimmed = trimmed[..^1];
        }

        if (trimmed.IsEmpty)
        {
            return true;
        }

        var result = new List<TemplateSegment>();
        foreach (var range in trimmed.Split('/'))
        {
            var segment = trimmed[range];
            if (segment.IsEmpty)
            {
                error = "has an empty segment";
                return false;
            }

            var open = segment.IndexOf('{');
            var close = segment.IndexOf('}');
            if (open < 0 && close < 0)
            {
                result.Add(new TemplateSegment(segment.ToString(), IsParameter: false));
            }
            else if (open == 0 && close == segment.Length - 1 && segment.Length > 2 && segment[1..^1].IndexOfAny('{', '}') < 0)
            {
                result.Add(new TemplateSegment(segment[1..^1].ToString(), IsParameter: true));
            }
            else
            {
                error = $"segment '{segment}' must be a literal or a whole-segment parameter such as '{{name}}'";
                return false;
            }
        }

        segments = [.. result];
        return true;
    }
}
