using System.Diagnostics.CodeAnalysis;

namespace Splp.Adapters;

/// <summary>One field-level reason of an <see cref="AdapterProblem"/>, as the problem's <c>errors</c> member carries it.</summary>
/// <param name="Pointer">A JSON pointer into the contract request body, e.g. <c>/pemohon/nik</c>.</param>
/// <param name="Reason">Why the value was refused, in words safe to show the consumer.</param>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "'pointer' is the member name of the problem+json errors entry.")]
public sealed record AdapterProblemError(string Pointer, string Reason);
