namespace Splp.SampleAgencies.Dpmptsp;

/// <summary>A licence the DPMPTSP issues.</summary>
/// <param name="Code">The code, e.g. <c>PBG</c>.</param>
/// <param name="Name">The full name.</param>
/// <param name="NeedsSurvey">Whether an officer surveys the site before approval.</param>
/// <param name="ForBusiness">Whether the application names a business.</param>
/// <param name="Weight">Relative frequency in the synthetic data.</param>
internal sealed record PermitType(string Code, string Name, bool NeedsSurvey, bool ForBusiness, int Weight);

/// <summary>The licence codes and statuses of the DPMPTSP app.</summary>
internal static class PermitTypes
{
    public const string Diterima = "DITERIMA";
    public const string Verifikasi = "VERIFIKASI";
    public const string Survei = "SURVEI";
    public const string Disetujui = "DISETUJUI";
    public const string Ditolak = "DITOLAK";
    public const string Terbit = "TERBIT";

    public static IReadOnlyList<string> Statuses { get; } = [Diterima, Verifikasi, Survei, Disetujui, Ditolak, Terbit];

    public static IReadOnlyList<PermitType> All { get; } =
    [
        new("PBG", "Persetujuan Bangunan Gedung", true, false, 25),
        new("SLF", "Sertifikat Laik Fungsi", true, false, 8),
        new("NIB", "Nomor Induk Berusaha", false, true, 20),
        new("SIP", "Surat Izin Praktik", false, false, 10),
        new("SIUP", "Surat Izin Usaha Perdagangan", false, true, 8),
        new("REKLAME", "Izin Penyelenggaraan Reklame", true, true, 8),
        new("IUMK", "Izin Usaha Mikro Kecil", false, true, 12),
        new("TDUP", "Tanda Daftar Usaha Pariwisata", false, true, 4),
    ];

    private static readonly Dictionary<string, PermitType> ByCode = All.ToDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase);

    public static PermitType? Find(string? code) => code is not null && ByCode.TryGetValue(code.Trim(), out var type) ? type : null;
}
