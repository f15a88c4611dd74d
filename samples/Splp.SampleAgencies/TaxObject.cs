using Splp.Contracts.Kependudukan;

namespace Splp.SampleAgencies;

/// <summary>A regional tax object at Bapenda, identified by its 18-digit NOP.</summary>
public sealed record TaxObject
{
    /// <summary>The Nomor Objek Pajak: 18 digits starting with <c>3404</c>.</summary>
    public required string Nop { get; init; }

    /// <summary>1 PBB-P2, 2 BPHTB, 3 hotel, 4 restaurant, 5 advertisement, 6 ground water, 7 parking.</summary>
    public required int JenisPajak { get; init; }

    /// <summary>The taxpayer's name, upper case.</summary>
    public required string NamaWajibPajak { get; init; }

    /// <summary>The taxpayer's NIK.</summary>
    public required Nik NikWajibPajak { get; init; }

    /// <summary>The object's address.</summary>
    public required string AlamatObjek { get; init; }

    /// <summary>The object's kecamatan, upper case.</summary>
    public required string KecamatanObjek { get; init; }

    /// <summary>The object's desa/kelurahan, upper case.</summary>
    public required string KelurahanObjek { get; init; }

    /// <summary>Land area, m².</summary>
    public required int LuasTanah { get; init; }

    /// <summary>Building area, m².</summary>
    public required int LuasBangunan { get; init; }

    /// <summary>The NJOP (tax value), whole rupiah.</summary>
    public required long Njop { get; init; }

    /// <summary>1 active, 0 inactive.</summary>
    public required int StatusObjek { get; init; }

    /// <summary>The bills, oldest year first.</summary>
    public required IReadOnlyList<TaxBill> Tagihan { get; init; }
}

/// <summary>One yearly bill of a tax object.</summary>
public sealed record TaxBill
{
    /// <summary>The tax object's NOP.</summary>
    public required string Nop { get; init; }

    /// <summary>The tax year.</summary>
    public required int TahunPajak { get; init; }

    /// <summary>The principal, whole rupiah.</summary>
    public required long Pokok { get; init; }

    /// <summary>The late-payment penalty, whole rupiah.</summary>
    public required long Denda { get; init; }

    /// <summary>The due date.</summary>
    public required DateOnly JatuhTempo { get; init; }

    /// <summary>0 unpaid, 1 paid, 2 underpaid.</summary>
    public required int StatusBayar { get; init; }

    /// <summary>The payment date, when paid or underpaid.</summary>
    public DateOnly? TanggalBayar { get; init; }
}
