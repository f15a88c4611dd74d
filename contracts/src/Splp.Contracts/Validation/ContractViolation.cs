namespace Splp.Contracts.Validation;

/// <summary>
/// One way a request or response breaks its contract.
/// </summary>
/// <param name="Pointer">
/// Where: an RFC 6901 JSON pointer into the body (<c>/pemohon/nik</c>, <c>/data/3/status</c>, the empty
/// string for the whole body), <c>query:&lt;name&gt;</c> or <c>path:&lt;name&gt;</c> for a parameter, or
/// <c>status</c> for an undocumented response status code.
/// </param>
/// <param name="Reason">Why, e.g. <c>must match ^[0-9]{16}$</c>, <c>is required</c>, <c>unexpected property</c>.</param>
#pragma warning disable CA1720 // 'Pointer' is the JSON Pointer (RFC 6901), the agreed name in problem+json errors.
public readonly record struct ContractViolation(string Pointer, string Reason)
#pragma warning restore CA1720
{
    /// <summary>The pointer of a violation about the response status code itself.</summary>
    public const string StatusPointer = "status";

    /// <summary>The prefix of the pointer of a query parameter, e.g. <c>query:pageSize</c>.</summary>
    public const string QueryPrefix = "query:";

    /// <summary>The prefix of the pointer of a path parameter, e.g. <c>path:nik</c>.</summary>
    public const string PathPrefix = "path:";

    /// <summary>The most violations one validation reports; it stops there.</summary>
    public const int MaxPerValidation = 50;

    /// <summary><c>pointer: reason</c>, with <c>(body)</c> for the empty pointer.</summary>
    public override string ToString() => $"{(Pointer.Length == 0 ? "(body)" : Pointer)}: {Reason}";
}
