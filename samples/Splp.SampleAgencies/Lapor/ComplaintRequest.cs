using System.Text.Json.Serialization;

namespace Splp.SampleAgencies.Lapor;

/// <summary>The body of <c>POST /api/complaints</c>.</summary>
internal sealed class ComplaintRequest
{
    public string? Title { get; set; }

    public string? Content { get; set; }

    public string? CategoryCode { get; set; }

    public ComplaintLocationRequest? Location { get; set; }

    public bool? IsAnonymous { get; set; }

    public string? ReporterNik { get; set; }
}

/// <summary>The <c>location</c> of a posted complaint.</summary>
internal sealed class ComplaintLocationRequest
{
    public double? Lat { get; set; }

    public double? Lng { get; set; }

    public string? Kecamatan { get; set; }

    public string? Desa { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ComplaintRequest))]
internal sealed partial class LaporJsonContext : JsonSerializerContext;
