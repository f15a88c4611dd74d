using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Splp.Contracts.Routing;

/// <summary>
/// Finds the operation for a method and a path with a segment tree built once: literal segments are
/// tried before parameters, a trailing slash is ignored, nothing is allocated until a match is found.
/// </summary>
/// <typeparam name="T">The operation type.</typeparam>
internal sealed class OperationMatcher<T>
    where T : class
{
    private const int MaxSegments = 32;
    private static readonly IReadOnlyDictionary<string, string> NoParameters = FrozenDictionary<string, string>.Empty;

    private readonly Node _root;

    private OperationMatcher(Node root) => _root = root;

    /// <summary>Builds the tree. Each entry is a method, the parsed template and the operation.</summary>
    /// <exception cref="ArgumentException">Two entries have the same method and the same template shape.</exception>
    public static OperationMatcher<T> Build(IEnumerable<(string Method, TemplateSegment[] Segments, T Operation)> entries)
    {
        var root = new Builder();
        foreach (var (method, segments, operation) in entries)
        {
            var node = root;
            foreach (var segment in segments)
            {
                node = segment.IsParameter
                    ? node.Parameter ??= new Builder()
                    : node.Literals.TryGetValue(segment.Text, out var child) ? child : node.Literals[segment.Text] = new Builder();
            }

            var parameterNames = segments.Where(s => s.IsParameter).Select(s => s.Text).ToArray();
            if (!node.Operations.TryAdd(method.ToUpperInvariant(), new Endpoint(operation, parameterNames)))
            {
                throw new ArgumentException($"Two operations answer {method} {string.Join('/', segments.Select(s => s.IsParameter ? "{}" : s.Text))}.", nameof(entries));
            }
        }

        return new OperationMatcher<T>(root.Freeze());
    }

    /// <summary>Matches <paramref name="path"/> (below the service root, decoded) for <paramref name="method"/>.</summary>
    public bool TryMatch(string method, ReadOnlySpan<char> path, [NotNullWhen(true)] out T? operation, out IReadOnlyDictionary<string, string> parameters)
    {
        operation = null;
        parameters = NoParameters;
        if (path.IsEmpty || path[0] != '/')
        {
            return false;
        }

        path = path[1..];
        if (path.EndsWith("/"))
        {
            path = path[..^1];
        }

        Span<Range> segments = stackalloc Range[MaxSegments + 1];
        var count = path.IsEmpty ? 0 : path.Split(segments, '/');
        if (count > MaxSegments)
        {
            return false;
        }

        Span<int> captured = stackalloc int[MaxSegments];
        if (!Match(_root, path, segments[..count], 0, method, captured, 0, out var endpoint))
        {
            return false;
        }

        operation = endpoint.Operation;
        if (endpoint.ParameterNames.Length > 0)
        {
            var values = new Dictionary<string, string>(endpoint.ParameterNames.Length, StringComparer.Ordinal);
            for (var i = 0; i < endpoint.ParameterNames.Length; i++)
            {
                values[endpoint.ParameterNames[i]] = path[segments[captured[i]]].ToString();
            }

            parameters = values;
        }

        return true;
    }

    private static bool Match(Node node, ReadOnlySpan<char> path, ReadOnlySpan<Range> segments, int index, string method, Span<int> captured, int capturedCount, out Endpoint endpoint)
    {
        if (index == segments.Length)
        {
            return node.Operations.TryGetValue(method, out endpoint!);
        }

        var segment = path[segments[index]];
        if (segment.IsEmpty)
        {
            endpoint = null!;
            return false;
        }

        if (node.Literals.TryGetValue(segment, out var literal) && Match(literal, path, segments, index + 1, method, captured, capturedCount, out endpoint))
        {
            return true;
        }

        if (node.Parameter is { } parameter)
        {
            captured[capturedCount] = index;
            return Match(parameter, path, segments, index + 1, method, captured, capturedCount + 1, out endpoint);
        }

        endpoint = null!;
        return false;
    }

    private sealed record Endpoint(T Operation, string[] ParameterNames);

    private sealed class Node(FrozenDictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> literals, Node? parameter, FrozenDictionary<string, Endpoint> operations)
    {
        public FrozenDictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> Literals { get; } = literals;

        public Node? Parameter { get; } = parameter;

        public FrozenDictionary<string, Endpoint> Operations { get; } = operations;
    }

    private sealed class Builder
    {
        public Dictionary<string, Builder> Literals { get; } = new(StringComparer.Ordinal);

        public Builder? Parameter { get; set; }

        public Dictionary<string, Endpoint> Operations { get; } = new(StringComparer.Ordinal);

        public Node Freeze() => new(
            Literals.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Freeze(), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>(),
            Parameter?.Freeze(),
            Operations.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }
}
