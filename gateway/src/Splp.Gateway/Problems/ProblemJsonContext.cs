using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Splp.Gateway.Problems;

[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(ProblemError[]))]
[JsonSerializable(typeof(IReadOnlyList<ProblemError>))]
internal sealed partial class ProblemJsonContext : JsonSerializerContext;
