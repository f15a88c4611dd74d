using Splp.Contracts.Kependudukan;

namespace Splp.SampleAgencies;

/// <summary>A licence application at the one-stop licensing office (DPMPTSP).</summary>
public sealed record PermitApplication
{
    /// <summary>The application number, e.g. <c>DPMPTSP-2026-000123</c>.</summary>
    public required string NoPermohonan { get; init; }

    /// <summary>The applicant's NIK.</summary>
    public required Nik NikPemohon { get; init; }

    /// <summary>The applicant's name in title case, e.g. <c>Siti Rahayu</c>.</summary>
    public required string NamaPemohon { get; init; }

    /// <summary>The licence code: PBG, SLF, NIB, SIP, SIUP, REKLAME, IUMK or TDUP.</summary>
    public required string JenisIzin { get; init; }

    /// <summary>The licence name, e.g. <c>Persetujuan Bangunan Gedung</c>.</summary>
    public required string NamaIzin { get; init; }

    /// <summary>The business name, for business licences only.</summary>
    public string? NamaUsaha { get; init; }

    /// <summary>The location the licence is for.</summary>
    public required string AlamatLokasi { get; init; }

    /// <summary>The kecamatan in title case, e.g. <c>Depok</c>.</summary>
    public required string Kecamatan { get; init; }

    /// <summary>The desa in title case, e.g. <c>Caturtunggal</c>.</summary>
    public required string Desa { get; init; }

    /// <summary>When the application was filed, Western Indonesia Time (UTC+7).</summary>
    public required DateTimeOffset TglPengajuan { get; init; }

    /// <summary>DITERIMA, VERIFIKASI, SURVEI, DISETUJUI, DITOLAK or TERBIT: the last entry of <see cref="Riwayat"/>.</summary>
    public required string StatusPermohonan { get; init; }

    /// <summary>The status changes, oldest first.</summary>
    public required IReadOnlyList<PermitStatusChange> Riwayat { get; init; }
}

/// <summary>One status change of a licence application.</summary>
/// <param name="Status">The new status.</param>
/// <param name="Waktu">When, Western Indonesia Time (UTC+7).</param>
/// <param name="Keterangan">The officer's note.</param>
public sealed record PermitStatusChange(string Status, DateTimeOffset Waktu, string Keterangan);
