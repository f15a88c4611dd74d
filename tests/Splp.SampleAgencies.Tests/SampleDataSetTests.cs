using System.Text.RegularExpressions;
using Splp.Contracts.Kependudukan;
using Splp.SampleAgencies.Generation;

namespace Splp.SampleAgencies.Tests;

public sealed partial class SampleDataSetTests
{
    private static readonly SampleDataSet Data = SampleDataSet.Default;
    private static readonly string[] Relations = ["KEPALA KELUARGA", "ISTRI", "ANAK", "FAMILI LAIN"];
    private static readonly DateOnly AsOfDate = DateOnly.FromDateTime(SampleDataSet.AsOf.DateTime);

    [Fact]
    public void Create_SameSeed_GivesIdenticalData()
    {
        var a = SampleDataSet.Create(seed: 7, residents: 200);
        var b = SampleDataSet.Create(seed: 7, residents: 200);

        Assert.Equal(a.Residents, b.Residents);
        Assert.Equal(a.PermitApplications.Select(Describe), b.PermitApplications.Select(Describe));
        Assert.Equal(a.TaxObjects.Select(Describe), b.TaxObjects.Select(Describe));
        Assert.Equal(a.Complaints.Select(Describe), b.Complaints.Select(Describe));
    }

    [Fact]
    public void Create_DifferentSeed_GivesDifferentResidents()
    {
        var a = SampleDataSet.Create(seed: 7, residents: 50);
        var b = SampleDataSet.Create(seed: 8, residents: 50);

        Assert.NotEqual(a.Residents.Select(p => p.Nik), b.Residents.Select(p => p.Nik));
    }

    [Fact]
    public void Default_IsSharedAndUsesDefaults()
    {
        Assert.Same(SampleDataSet.Default, SampleDataSet.Default);
        Assert.Equal(SampleDataSet.DefaultSeed, Data.Seed);
        Assert.Equal(20261123, Data.Seed);
        Assert.Equal(500, Data.Residents.Count);
        Assert.Equal(Data.Residents.Count, Data.Families.Sum(f => f.Members.Count));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(123)]
    public void Create_AnySize_HasExactlyThatManyResidents(int residents) =>
        Assert.Equal(residents, SampleDataSet.Create(residents: residents).Residents.Count);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_001)]
    public void Create_SizeOutOfRange_ThrowsArgumentOutOfRangeException(int residents) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleDataSet.Create(residents: residents));

    [Fact]
    public void Residents_Nik_ValidAndConsistentWithGenderBirthDateAndKecamatan()
    {
        foreach (var resident in Data.Residents)
        {
            var nik = resident.Nik;
            Assert.True(Nik.IsValid(nik.Value), nik.Masked);
            Assert.Equal(resident.Female, nik.IsFemale);
            Assert.Equal((resident.TanggalLahir.Day, resident.TanggalLahir.Month, resident.TanggalLahir.Year % 100), nik.BirthDateParts);
            Assert.Equal(resident.TanggalLahir, nik.ResolveBirthDate(2026));
            var kecamatan = SlemanRegion.Find(resident.Kecamatan);
            Assert.NotNull(kecamatan);
            Assert.Equal(kecamatan.RegionCode, nik.RegionCode);
            Assert.Contains(resident.Desa, kecamatan.Desa);
        }

        Assert.Equal(Data.Residents.Count, Data.Residents.Select(p => p.Nik).Distinct().Count());
    }

    [Fact]
    public void Residents_Fields_WithinRegistryValues()
    {
        string[] religions = ["ISLAM", "KRISTEN", "KATOLIK", "HINDU", "BUDHA", "KONGHUCU"];
        string[] marital = ["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"];
        foreach (var p in Data.Residents)
        {
            Assert.InRange(p.TanggalLahir, new DateOnly(1940, 1, 1), new DateOnly(2008, 12, 31));
            Assert.Contains(p.Agama, religions);
            Assert.Contains(p.StatusKawin, marital);
            Assert.InRange(p.Rt, 1, 20);
            Assert.InRange(p.Rw, 1, 20);
            Assert.Equal("SLEMAN", p.Kabupaten);
            Assert.Equal("DI YOGYAKARTA", p.Provinsi);
            Assert.Equal(p.NamaLengkap.ToUpperInvariant(), p.NamaLengkap);
            Assert.Matches(NameShape(), p.NamaLengkap);
            Assert.False(string.IsNullOrWhiteSpace(p.Pekerjaan));
            Assert.False(string.IsNullOrWhiteSpace(p.TempatLahir));
            Assert.True(p.Alamat.StartsWith("JL. ", StringComparison.Ordinal) || p.Alamat.StartsWith("DUSUN ", StringComparison.Ordinal), p.Alamat);
        }

        Assert.True(Data.Residents.Count(p => p.Agama == "ISLAM") > Data.Residents.Count * 0.7);
        Assert.True(Data.Residents.Select(p => p.Kecamatan).Distinct().Count() >= 8);
        Assert.InRange(Data.Residents.Count(p => p.Female), Data.Residents.Count * 0.35, Data.Residents.Count * 0.65);
    }

    [Fact]
    public void Residents_Names_ConsistentWithGender()
    {
        foreach (var p in Data.Residents)
        {
            var last = p.NamaLengkap.Split(' ')[^1];
            Assert.DoesNotContain(last, p.Female ? IndonesianNames.MaleSecond : IndonesianNames.FemaleSecond);
            Assert.DoesNotContain(last, p.Female ? IndonesianNames.OldMale : IndonesianNames.OldFemale);
        }
    }

    [Fact]
    public void Residents_Occupation_ConsistentWithAge()
    {
        foreach (var p in Data.Residents)
        {
            var age = ResidentGenerator.AgeAt(p.TanggalLahir);
            if (p.Pekerjaan == "PENSIUNAN")
            {
                Assert.True(age >= 60, $"{p.Nik.Masked} retired at {age}");
            }

            if (p.Pekerjaan == "PELAJAR/MAHASISWA")
            {
                Assert.True(age <= 24, $"{p.Nik.Masked} a student at {age}");
            }
        }
    }

    [Fact]
    public void Families_MembersShareCardAndAddressWithOneHeadFirst()
    {
        Assert.All(Data.Families, family =>
        {
            Assert.InRange(family.Members.Count, 1, 6);
            Assert.Same(family, Data.FindFamily(family.NoKk));
            Assert.Matches(Digits16(), family.NoKk);
            Assert.Equal(family.Head.Nik.RegionCode, family.NoKk[..6]);
            var issued = DateOnly.ParseExact(family.NoKk.Substring(6, 6), "ddMMyy", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(issued >= family.Members.Max(m => m.TanggalLahir), family.NoKk);
            Assert.Equal("KEPALA KELUARGA", family.Head.StatusHubunganKeluarga);
            Assert.Single(family.Members, m => m.StatusHubunganKeluarga == "KEPALA KELUARGA");
            foreach (var member in family.Members)
            {
                Assert.Equal(family.NoKk, member.NoKk);
                Assert.Equal((family.Head.Alamat, family.Head.Rt, family.Head.Rw, family.Head.Desa, family.Head.Kecamatan), (member.Alamat, member.Rt, member.Rw, member.Desa, member.Kecamatan));
                Assert.Contains(member.StatusHubunganKeluarga, Relations);
                Assert.Same(member, Data.FindResident(member.Nik));
            }
        });

        Assert.Equal(Data.Families.Count, Data.Families.Select(f => f.NoKk).Distinct().Count());
    }

    [Fact]
    public void Families_MaritalStatusAndAges_Consistent()
    {
        Assert.All(Data.Families, family =>
        {
            var head = family.Head;
            var wives = family.Members.Where(m => m.StatusHubunganKeluarga == "ISTRI").ToList();
            Assert.True(wives.Count <= 1);
            if (wives.Count == 1)
            {
                Assert.False(head.Female);
                Assert.True(wives[0].Female);
                Assert.Equal("KAWIN", head.StatusKawin);
                Assert.Equal("KAWIN", wives[0].StatusKawin);
            }
            else
            {
                Assert.NotEqual("KAWIN", head.StatusKawin);
            }

            var mother = wives.Count == 1 ? wives[0] : head;
            foreach (var child in family.Members.Where(m => m.StatusHubunganKeluarga == "ANAK"))
            {
                Assert.True(child.TanggalLahir >= mother.TanggalLahir.AddYears(19), family.NoKk);
                Assert.NotEqual("KAWIN", child.StatusKawin);
                if (ResidentGenerator.AgeAt(child.TanggalLahir) <= 22)
                {
                    Assert.Equal("BELUM KAWIN", child.StatusKawin);
                }
            }

            if (family.Members.Any(m => m.StatusHubunganKeluarga == "ANAK"))
            {
                Assert.NotEqual("BELUM KAWIN", head.StatusKawin);
            }
        });
    }

    [Fact]
    public void Residents_NikSerials_UniquePerRegionAndBirthDate()
    {
        var groups = Data.Residents.GroupBy(p => (p.Nik.RegionCode, p.TanggalLahir));

        Assert.All(groups, g => Assert.Equal(g.Count(), g.Select(p => p.Nik.Serial).Distinct().Count()));
    }

    [Fact]
    public void PermitApplications_ApplicantsAreAdultResidentsAndHistoryFitsStatus()
    {
        Assert.True(Data.PermitApplications.Count >= 40);
        string[] codes = ["PBG", "SLF", "NIB", "SIP", "SIUP", "REKLAME", "IUMK", "TDUP"];
        foreach (var a in Data.PermitApplications)
        {
            Assert.Matches(PermitNumber(), a.NoPermohonan);
            Assert.Equal(a.TglPengajuan.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), a.NoPermohonan.Substring(8, 4));
            var applicant = Data.FindResident(a.NikPemohon);
            Assert.NotNull(applicant);
            Assert.True(ResidentGenerator.AgeAt(applicant.TanggalLahir) >= 21);
            Assert.Equal(applicant.NamaLengkap, a.NamaPemohon.ToUpperInvariant());
            Assert.Contains(a.JenisIzin, codes);
            Assert.Equal("DITERIMA", a.Riwayat[0].Status);
            Assert.Equal(a.TglPengajuan, a.Riwayat[0].Waktu);
            Assert.Equal(a.StatusPermohonan, a.Riwayat[^1].Status);
            Assert.Equal(TimeSpan.FromHours(7), a.TglPengajuan.Offset);
            for (var i = 1; i < a.Riwayat.Count; i++)
            {
                Assert.True(a.Riwayat[i].Waktu > a.Riwayat[i - 1].Waktu, a.NoPermohonan);
            }

            Assert.True(a.Riwayat[^1].Waktu < SampleDataSet.AsOf);
            if (a.StatusPermohonan == "TERBIT")
            {
                Assert.Contains(a.Riwayat, c => c.Status == "DISETUJUI");
            }
        }

        Assert.Equal(Data.PermitApplications.Count, Data.PermitApplications.Select(a => a.NoPermohonan).Distinct().Count());
    }

    [Fact]
    public void TaxObjects_NopShapeTaxpayersAndBillsConsistent()
    {
        Assert.NotEmpty(Data.TaxObjects);
        Assert.True(Data.TaxObjects.Count(o => o.JenisPajak == 1) > Data.TaxObjects.Count / 2);
        foreach (var o in Data.TaxObjects)
        {
            Assert.Matches(NopShape(), o.Nop);
            Assert.InRange(o.JenisPajak, 1, 7);
            Assert.InRange(o.StatusObjek, 0, 1);
            var taxpayer = Data.FindResident(o.NikWajibPajak);
            Assert.NotNull(taxpayer);
            Assert.Equal(taxpayer.NamaLengkap, o.NamaWajibPajak);
            Assert.Equal(SlemanRegion.Find(o.KecamatanObjek)!.Code * 10, int.Parse(o.Nop.AsSpan(4, 3), System.Globalization.CultureInfo.InvariantCulture));
            Assert.NotEmpty(o.Tagihan);
            foreach (var bill in o.Tagihan)
            {
                Assert.Equal(o.Nop, bill.Nop);
                Assert.InRange(bill.TahunPajak, 2022, 2026);
                Assert.True(bill.Pokok > 0 || o.JenisPajak == 2);
                Assert.True(bill.Denda >= 0);
                Assert.InRange(bill.StatusBayar, 0, 2);
                Assert.Equal(bill.StatusBayar != 0, bill.TanggalBayar.HasValue);
                Assert.True(bill.TanggalBayar is null || bill.TanggalBayar < AsOfDate);
            }

            Assert.Equal(o.Tagihan.Count, o.Tagihan.Select(b => b.TahunPajak).Distinct().Count());
        }

        Assert.Equal(Data.TaxObjects.Count, Data.TaxObjects.Select(o => o.Nop).Distinct().Count());
    }

    [Fact]
    public void Complaints_AtLeast150WithLocationsInSlemanAndHistoryFittingStatus()
    {
        Assert.True(Data.Complaints.Count >= 150);
        string[] categories = ["INFRA", "KESEHATAN", "PENDIDIKAN", "ADMINDUK", "PERIZINAN", "LINGKUNGAN", "SOSIAL", "KEAMANAN"];
        foreach (var c in Data.Complaints)
        {
            Assert.Matches(TrackingId(), c.TrackingId);
            Assert.Contains(c.CategoryCode, categories);
            Assert.InRange(c.Location.Lat, -7.85, -7.55);
            Assert.InRange(c.Location.Lng, 110.25, 110.55);
            Assert.NotNull(SlemanRegion.Find(c.Location.Kecamatan));
            Assert.Equal(c.IsAnonymous, c.ReporterNik is null);
            if (c.ReporterNik is { } reporter)
            {
                Assert.NotNull(Data.FindResident(reporter));
            }

            Assert.Equal("SUBMITTED", c.History[0].Status);
            Assert.Equal(c.CreatedAt, c.History[0].At);
            Assert.Equal(c.Status, c.History[^1].Status);
            Assert.Equal(c.UpdatedAt, c.History[^1].At);
            Assert.True(c.UpdatedAt < SampleDataSet.AsOf);
            Assert.False(string.IsNullOrWhiteSpace(c.Title));
            Assert.DoesNotContain("{", c.Title, StringComparison.Ordinal);
            Assert.DoesNotContain("{", c.Content, StringComparison.Ordinal);
        }

        Assert.Equal(Data.Complaints.Count, Data.Complaints.Select(c => c.TrackingId).Distinct().Count());
        Assert.True(Data.Complaints.Select(c => c.Status).Distinct().Count() >= 5);
    }

    private static string Describe(PermitApplication a) =>
        $"{a.NoPermohonan}|{a.NikPemohon}|{a.NamaUsaha}|{a.TglPengajuan:O}|{string.Join(",", a.Riwayat.Select(r => r.Status + r.Waktu.ToString("O")))}";

    private static string Describe(TaxObject o) =>
        $"{o.Nop}|{o.NikWajibPajak}|{o.Njop}|{string.Join(",", o.Tagihan)}";

    private static string Describe(Complaint c) =>
        $"{c.TrackingId}|{c.Title}|{c.Location}|{c.ReporterNik}|{string.Join(",", c.History)}";

    [GeneratedRegex("^[A-Z]+( [A-Z]+)*$")]
    private static partial Regex NameShape();

    [GeneratedRegex("^[0-9]{16}$")]
    private static partial Regex Digits16();

    [GeneratedRegex("^DPMPTSP-20(25|26)-[0-9]{6}$")]
    private static partial Regex PermitNumber();

    [GeneratedRegex("^3404[0-9]{14}$")]
    private static partial Regex NopShape();

    [GeneratedRegex("^LAPOR-20(25|26)-[0-9]{5}$")]
    private static partial Regex TrackingId();
}
