using Splp.Contracts.Kependudukan;

namespace Splp.SampleAgencies;

/// <summary>A resident as the civil registry (Disdukcapil) records them; text fields are upper case.</summary>
public sealed record Resident
{
    /// <summary>The NIK; its region code is the resident's kecamatan.</summary>
    public required Nik Nik { get; init; }

    /// <summary>The 16-digit family card number (region code, issue date <c>ddMMyy</c>, serial).</summary>
    public required string NoKk { get; init; }

    /// <summary>The full name, upper case, e.g. <c>SITI RAHAYU</c>.</summary>
    public required string NamaLengkap { get; init; }

    /// <summary>The place of birth, e.g. <c>SLEMAN</c>.</summary>
    public required string TempatLahir { get; init; }

    /// <summary>The birth date, 1940–2008.</summary>
    public required DateOnly TanggalLahir { get; init; }

    /// <summary>Whether the resident is a woman (PEREMPUAN); consistent with the NIK.</summary>
    public required bool Female { get; init; }

    /// <summary>ISLAM, KRISTEN, KATOLIK, HINDU, BUDHA or KONGHUCU.</summary>
    public required string Agama { get; init; }

    /// <summary>BELUM KAWIN, KAWIN, CERAI HIDUP or CERAI MATI.</summary>
    public required string StatusKawin { get; init; }

    /// <summary>The occupation as the registry lists it, e.g. <c>KARYAWAN SWASTA</c>.</summary>
    public required string Pekerjaan { get; init; }

    /// <summary>The street or hamlet, e.g. <c>JL. KALIURANG KM 5</c> or <c>DUSUN KRAJAN</c>.</summary>
    public required string Alamat { get; init; }

    /// <summary>The RT (neighbourhood unit), 1–20.</summary>
    public required int Rt { get; init; }

    /// <summary>The RW (community unit), 1–20.</summary>
    public required int Rw { get; init; }

    /// <summary>The desa or kelurahan, e.g. <c>CATURTUNGGAL</c>.</summary>
    public required string Desa { get; init; }

    /// <summary>The kecamatan, e.g. <c>DEPOK</c>.</summary>
    public required string Kecamatan { get; init; }

    /// <summary>The regency: <c>SLEMAN</c>.</summary>
    public required string Kabupaten { get; init; }

    /// <summary>The province: <c>DI YOGYAKARTA</c>.</summary>
    public required string Provinsi { get; init; }

    /// <summary>The relation to the head of the family: KEPALA KELUARGA, ISTRI, ANAK or FAMILI LAIN.</summary>
    public required string StatusHubunganKeluarga { get; init; }
}
