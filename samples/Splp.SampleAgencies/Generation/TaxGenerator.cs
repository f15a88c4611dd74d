using System.Globalization;

namespace Splp.SampleAgencies.Generation;

/// <summary>Generates tax objects (mostly PBB-P2 for the family home) and their yearly bills for 2022–2026.</summary>
internal sealed class TaxGenerator(Random random)
{
    public const int FirstYear = 2022;
    public const int LastYear = 2026;

    private const long Njoptkp = 10_000_000;
    private readonly Dictionary<string, int> _nextUrut = new(StringComparer.Ordinal);

    public List<TaxObject> Generate(IReadOnlyList<Family> families)
    {
        var r = random;
        var objects = new List<TaxObject>();
        foreach (var family in families)
        {
            var head = family.Head;
            var kecamatan = SlemanRegion.Find(head.Kecamatan)!;
            if (r.Chance(0.92))
            {
                var land = r.Next(kecamatan.Urban ? 60 : 100, kecamatan.Urban ? 300 : 800);
                var building = r.Next(36, Math.Min(250, land * 8 / 10) + 1);
                objects.Add(Property(head, kecamatan, head.Desa, head.Alamat, land, building));
            }

            if (r.Chance(0.15))
            {
                var desa = r.Pick(kecamatan.Desa);
                var address = "DUSUN " + r.Pick(SlemanRegion.Dusun);
                objects.Add(Property(head, kecamatan, desa, address, r.Next(200, 2000), 0));
            }

            if (r.Chance(0.03))
            {
                objects.Add(Bphtb(head, kecamatan));
            }

            foreach (var member in family.Members)
            {
                if (member.Pekerjaan is "WIRASWASTA" or "PEDAGANG" && r.Chance(0.3))
                {
                    objects.Add(Business(member, kecamatan));
                }
            }
        }

        return objects;
    }

    private TaxObject Property(Resident owner, Kecamatan kecamatan, string desa, string address, int land, int building)
    {
        var r = random;
        var landValue = land * kecamatan.LandNjopPerSquareMetre * r.Next(80, 121) / 100;
        var buildingValue = building * (long)r.Next(1_200, 2_600) * 1_000;
        var njop = (landValue + buildingValue) / 1_000 * 1_000;
        var nop = NextNop(kecamatan, desa);
        var active = !r.Chance(0.03);
        var delinquentFrom = r.Chance(0.1) ? r.Next(FirstYear, LastYear + 1) : int.MaxValue;
        var bills = new List<TaxBill>();
        for (var year = FirstYear; year <= (active ? LastYear : 2024); year++)
        {
            // NJOP is revalued about 5% a year; PBB-P2 is 0.1% (0.2% above one billion) of NJOP minus NJOPTKP.
            var njopOfYear = njop * (100 - (5 * (LastYear - year))) / 100;
            var rate = njopOfYear > 1_000_000_000 ? 0.002 : 0.001;
            var pokok = Math.Max(10_000, (long)Math.Round((njopOfYear - Njoptkp) * rate));
            bills.Add(Bill(nop, year, pokok, new DateOnly(year, 9, 30), year >= delinquentFrom));
        }

        return new TaxObject
        {
            Nop = nop,
            JenisPajak = 1,
            NamaWajibPajak = owner.NamaLengkap,
            NikWajibPajak = owner.Nik,
            AlamatObjek = string.Create(CultureInfo.InvariantCulture, $"{address} RT {owner.Rt:000} RW {owner.Rw:000}"),
            KecamatanObjek = kecamatan.Name,
            KelurahanObjek = desa,
            LuasTanah = land,
            LuasBangunan = building,
            Njop = njop,
            StatusObjek = active ? 1 : 0,
            Tagihan = bills,
        };
    }

    private TaxObject Bphtb(Resident buyer, Kecamatan kecamatan)
    {
        var r = random;
        var desa = r.Pick(kecamatan.Desa);
        var nop = NextNop(kecamatan, desa);
        var land = r.Next(100, 500);
        var njop = land * kecamatan.LandNjopPerSquareMetre / 1_000 * 1_000;
        var year = r.Next(FirstYear, LastYear);

        // BPHTB is 5% of the acquisition value above the exempt Rp80 million, paid once.
        var pokok = Math.Max(0, (njop - 80_000_000) / 20);
        var due = r.NextDate(new DateOnly(year, 1, 2), new DateOnly(year, 12, 20));
        return new TaxObject
        {
            Nop = nop,
            JenisPajak = 2,
            NamaWajibPajak = buyer.NamaLengkap,
            NikWajibPajak = buyer.Nik,
            AlamatObjek = "DUSUN " + r.Pick(SlemanRegion.Dusun),
            KecamatanObjek = kecamatan.Name,
            KelurahanObjek = desa,
            LuasTanah = land,
            LuasBangunan = 0,
            Njop = njop,
            StatusObjek = 0,
            Tagihan = [new TaxBill { Nop = nop, TahunPajak = year, Pokok = pokok, Denda = 0, JatuhTempo = due, StatusBayar = 1, TanggalBayar = due.AddDays(-r.Next(0, 10)) }],
        };
    }

    private TaxObject Business(Resident owner, Kecamatan kecamatan)
    {
        var r = random;
        var (jenis, minYearly, maxYearly, building) = r.Next(100) switch
        {
            < 50 => (4, 1_200, 24_000, r.Next(20, 150)),
            < 65 => (3, 2_400, 30_000, r.Next(60, 400)),
            < 85 => (5, 500, 5_000, 0),
            < 95 => (6, 300, 3_000, 0),
            _ => (7, 1_000, 10_000, 0),
        };
        var nop = NextNop(kecamatan, owner.Desa);
        var yearly = r.Next(minYearly, maxYearly + 1) * 1_000L;
        var since = r.Next(FirstYear, LastYear + 1);
        var bills = new List<TaxBill>();
        for (var year = since; year <= LastYear; year++)
        {
            bills.Add(Bill(nop, year, yearly, new DateOnly(year, 12, 31), delinquent: false));
        }

        return new TaxObject
        {
            Nop = nop,
            JenisPajak = jenis,
            NamaWajibPajak = owner.NamaLengkap,
            NikWajibPajak = owner.Nik,
            AlamatObjek = HomeAddress(owner),
            KecamatanObjek = kecamatan.Name,
            KelurahanObjek = owner.Desa,
            LuasTanah = 0,
            LuasBangunan = building,
            Njop = 0,
            StatusObjek = 1,
            Tagihan = bills,
        };
    }

    private TaxBill Bill(string nop, int year, long pokok, DateOnly due, bool delinquent)
    {
        var r = random;
        var asOf = DateOnly.FromDateTime(Wib.AsOf.DateTime);
        if (due >= asOf)
        {
            // Not due yet: a few pay early.
            return r.Chance(0.18) && !delinquent
                ? new TaxBill { Nop = nop, TahunPajak = year, Pokok = pokok, Denda = 0, JatuhTempo = due, StatusBayar = 1, TanggalBayar = r.NextDate(new DateOnly(year, 1, 5), asOf.AddDays(-1)) }
                : new TaxBill { Nop = nop, TahunPajak = year, Pokok = pokok, Denda = 0, JatuhTempo = due, StatusBayar = 0 };
        }

        if (delinquent || r.Chance(0.04))
        {
            return new TaxBill { Nop = nop, TahunPajak = year, Pokok = pokok, Denda = Penalty(pokok, due, asOf), JatuhTempo = due, StatusBayar = 0 };
        }

        if (r.Chance(0.06))
        {
            var paid = r.NextDate(due.AddMonths(-3), due);
            return new TaxBill { Nop = nop, TahunPajak = year, Pokok = pokok, Denda = Penalty(pokok / 2, due, asOf), JatuhTempo = due, StatusBayar = 2, TanggalBayar = paid };
        }

        var latest = due.AddDays(120) < asOf ? due.AddDays(120) : asOf.AddDays(-1);
        var paidOn = r.Chance(0.85) || latest <= due ? r.NextDate(due.AddMonths(-4), due) : r.NextDate(due.AddDays(1), latest);
        return new TaxBill { Nop = nop, TahunPajak = year, Pokok = pokok, Denda = Penalty(pokok, due, paidOn), JatuhTempo = due, StatusBayar = 1, TanggalBayar = paidOn };
    }

    // 1% of the principal per started month late, at most 24 months (UU 1/2022).
    private static long Penalty(long pokok, DateOnly due, DateOnly until)
    {
        if (until <= due)
        {
            return 0;
        }

        var months = ((until.Year - due.Year) * 12) + until.Month - due.Month + (until.Day > due.Day ? 1 : 0);
        return pokok * Math.Clamp(months, 1, 24) / 100;
    }

    private string NextNop(Kecamatan kecamatan, string desa)
    {
        var desaNumber = Array.IndexOf(kecamatan.Desa, desa) + 1;
        var blok = random.Next(1, 16);
        var key = string.Create(CultureInfo.InvariantCulture, $"{SlemanRegion.RegencyCode}{kecamatan.Code * 10:000}{desaNumber:000}{blok:000}");
        _nextUrut.TryGetValue(key, out var urut);
        _nextUrut[key] = ++urut;
        return string.Create(CultureInfo.InvariantCulture, $"{key}{urut:0000}0");
    }

    private static string HomeAddress(Resident resident) =>
        string.Create(CultureInfo.InvariantCulture, $"{resident.Alamat} RT {resident.Rt:000} RW {resident.Rw:000}");
}
