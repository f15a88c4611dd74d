using System.Buffers;
using System.Globalization;
using System.Text;

namespace Splp.Contracts.Validation;

/// <summary>
/// Collects violations up to <see cref="ContractViolation.MaxPerValidation"/> and tracks where the
/// validator is in the body, so a JSON pointer is only built when a violation is reported.
/// </summary>
internal sealed class ViolationCollector
{
    private const int MaxDepth = 128;
    private const int KeptTextLength = 4096;

    // One collector per thread is reused, so a validation allocates nothing when the value is valid.
    [ThreadStatic]
    private static ViolationCollector? t_cached;

    private readonly string?[] _names = new string?[MaxDepth];
    private readonly int[] _indices = new int[MaxDepth];
    private List<ContractViolation>? _violations;
    private char[] _text = ArrayPool<char>.Shared.Rent(256);
    private int _depth;

    public bool IsFull => _violations is { Count: >= ContractViolation.MaxPerValidation };

    private ViolationCollector()
    {
    }

    /// <summary>Gets this thread's idle collector, or a new one; hand it back with <see cref="Complete"/>.</summary>
    public static ViolationCollector Rent()
    {
        var collector = t_cached ?? new ViolationCollector();
        t_cached = null;
        return collector;
    }

    /// <summary>Returns the violations collected and makes the collector available to the next validation.</summary>
    public IReadOnlyList<ContractViolation> Complete()
    {
        // Not `[]`: next to a List that would allocate an empty List on every valid body.
        IReadOnlyList<ContractViolation> result = (IReadOnlyList<ContractViolation>?)_violations ?? Array.Empty<ContractViolation>();
        _violations = null;
        _depth = 0;
        FixedPointer = null;
        if (_text.Length > KeptTextLength)
        {
            ArrayPool<char>.Shared.Return(_text);
            _text = ArrayPool<char>.Shared.Rent(256);
        }

        t_cached = this;
        return result;
    }

    public void PushName(string name)
    {
        _names[_depth] = name;
        _depth++;
    }

    public void PushIndex(int index)
    {
        _names[_depth] = null;
        _indices[_depth] = index;
        _depth++;
    }

    public void Pop() => _depth--;

    /// <summary>
    /// When set, the pointer of every violation reported by position (a parameter's <c>query:name</c>),
    /// instead of the position in the body.
    /// </summary>
    public string? FixedPointer { get; set; }

    /// <summary>Reports a violation at the current position.</summary>
    public void Add(string reason) => Add(FixedPointer ?? BuildPointer(null), reason);

    /// <summary>Reports a violation at the member <paramref name="child"/> of the current position.</summary>
    public void AddChild(string child, string reason) => Add(BuildPointer(child), reason);

    /// <summary>Reports a violation at an explicit pointer (a parameter, the status code).</summary>
    public void Add(string pointer, string reason)
    {
        if (IsFull)
        {
            return;
        }

        (_violations ??= []).Add(new ContractViolation(pointer, reason));
    }

    /// <summary>A buffer of at least <paramref name="length"/> characters, reused between calls.</summary>
    public Span<char> TextBuffer(int length)
    {
        if (_text.Length < length)
        {
            ArrayPool<char>.Shared.Return(_text);
            _text = ArrayPool<char>.Shared.Rent(length);
        }

        return _text;
    }

    private string BuildPointer(string? child)
    {
        if (_depth == 0 && child is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            builder.Append('/');
            if (_names[i] is { } name)
            {
                AppendEscaped(builder, name);
            }
            else
            {
                builder.Append(_indices[i].ToString(CultureInfo.InvariantCulture));
            }
        }

        if (child is not null)
        {
            builder.Append('/');
            AppendEscaped(builder, child);
        }

        return builder.ToString();
    }

    private static void AppendEscaped(StringBuilder builder, string segment)
    {
        foreach (var c in segment)
        {
            _ = c switch
            {
                '~' => builder.Append("~0"),
                '/' => builder.Append("~1"),
                _ => builder.Append(c),
            };
        }
    }

    /// <summary>Whether the body nests deeper than the pointer stack can follow.</summary>
    public bool AtMaxDepth => _depth >= MaxDepth - 1;
}
