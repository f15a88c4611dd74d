using System.Text.Json.Serialization;

namespace Splp.SampleAgencies.Dpmptsp;

/// <summary>The body of <c>POST /api/v1/permohonan</c>.</summary>
internal sealed class PermitRequest
{
    public string? NikPemohon { get; set; }

    public string? NamaPemohon { get; set; }

    public string? JenisIzin { get; set; }

    public string? AlamatLokasi { get; set; }

    public string? Kecamatan { get; set; }

    public string? Desa { get; set; }

    public string? NamaUsaha { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PermitRequest))]
internal sealed partial class DpmptspJsonContext : JsonSerializerContext;
