using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Splp.Gateway.Problems;

[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class ProblemJsonContext : JsonSerializerContext;
