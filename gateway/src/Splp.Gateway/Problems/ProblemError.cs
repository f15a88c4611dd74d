using System.Text.Json.Serialization;

namespace Splp.Gateway.Problems;

/// <summary>One entry of a problem's <c>errors</c> list: where (a JSON pointer, <c>query:x</c> or <c>path:x</c>) and why.</summary>
/// <param name="Pointer">Where the problem is.</param>
/// <param name="Reason">What rule it breaks.</param>
#pragma warning disable CA1720 // 'Pointer' is the JSON Pointer (RFC 6901), the agreed name in problem+json errors.
public sealed record ProblemError(
    [property: JsonPropertyName("pointer")] string Pointer,
    [property: JsonPropertyName("reason")] string Reason);
#pragma warning restore CA1720
