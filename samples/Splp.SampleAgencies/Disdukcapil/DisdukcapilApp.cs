using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Xml;
using Splp.Contracts.Kependudukan;
using Splp.SampleAgencies.Http;

namespace Splp.SampleAgencies.Disdukcapil;

/// <summary>
/// The civil registry web service: XML in a <c>RESPON</c> envelope with UPPER_SNAKE names and
/// <c>dd-MM-yyyy</c> dates, answering HTTP 200 even for errors, which it signals with <c>KODE</c>:
/// 00 success, 11 not found, 12 invalid input.
/// </summary>
internal sealed class DisdukcapilApp
{
    public const string KodeSukses = "00";
    public const string KodeTidakDitemukan = "11";
    public const string KodeTidakValid = "12";

    private static readonly byte[] NotFound = Respon(KodeTidakDitemukan, "DATA TIDAK DITEMUKAN", null);
    private static readonly byte[] InvalidNik = Respon(KodeTidakValid, "NIK TIDAK VALID", null);
    private static readonly byte[] InvalidNoKk = Respon(KodeTidakValid, "NO KK TIDAK VALID", null);

    private readonly FrozenDictionary<string, byte[]> _biodata;
    private readonly FrozenDictionary<string, byte[]> _keluarga;

    private DisdukcapilApp(SampleDataSet data)
    {
        // Every answer is built once: a lookup costs a dictionary probe and a copy to the socket.
        _biodata = data.Residents.ToFrozenDictionary(
            p => p.Nik.Value,
            p => Respon(KodeSukses, "SUKSES", w => WriteBiodata(w, p, withRelation: false)),
            StringComparer.Ordinal);
        _keluarga = data.Families.ToFrozenDictionary(
            f => f.NoKk,
            f => Respon(KodeSukses, "SUKSES", w => WriteKeluarga(w, f)),
            StringComparer.Ordinal);
    }

    public static void Map(WebApplication app, SampleDataSet data)
    {
        var service = new DisdukcapilApp(data);
        app.MapGet("/ws/biodata", service.BiodataAsync);
        app.MapGet("/ws/keluarga", service.KeluargaAsync);
    }

    private Task BiodataAsync(HttpContext context)
    {
        var nik = Responses.Query(context, "NIK");
        if (nik is null || !Nik.IsValid(nik))
        {
            return Send(context, InvalidNik);
        }

        return Send(context, _biodata.TryGetValue(nik, out var body) ? body : NotFound);
    }

    private Task KeluargaAsync(HttpContext context)
    {
        var noKk = Responses.Query(context, "NO_KK");
        if (noKk is null || noKk.Length != 16 || !Responses.IsAsciiDigits(noKk))
        {
            return Send(context, InvalidNoKk);
        }

        return Send(context, _keluarga.TryGetValue(noKk, out var body) ? body : NotFound);
    }

    private static Task Send(HttpContext context, byte[] body) =>
        Responses.WriteAsync(context, StatusCodes.Status200OK, Responses.Xml, body);

    private static byte[] Respon(string kode, string pesan, Action<XmlWriter>? content)
    {
        using var stream = new MemoryStream();
        stream.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"u8);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true, Indent = false };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            writer.WriteStartElement("RESPON");
            writer.WriteElementString("KODE", kode);
            writer.WriteElementString("PESAN", pesan);
            content?.Invoke(writer);
            writer.WriteEndElement();
        }

        return stream.ToArray();
    }

    private static void WriteKeluarga(XmlWriter writer, Family family)
    {
        writer.WriteStartElement("KELUARGA");
        writer.WriteElementString("NO_KK", family.NoKk);
        writer.WriteStartElement("ANGGOTA");
        foreach (var member in family.Members)
        {
            WriteBiodata(writer, member, withRelation: true);
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void WriteBiodata(XmlWriter writer, Resident p, bool withRelation)
    {
        writer.WriteStartElement("BIODATA");
        writer.WriteElementString("NIK", p.Nik.Value);
        writer.WriteElementString("NO_KK", p.NoKk);
        writer.WriteElementString("NAMA_LGKP", p.NamaLengkap);
        writer.WriteElementString("TMPT_LHR", p.TempatLahir);
        writer.WriteElementString("TGL_LHR", p.TanggalLahir.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture));
        writer.WriteElementString("JENIS_KLMIN", p.Female ? "PEREMPUAN" : "LAKI-LAKI");
        writer.WriteElementString("AGAMA", p.Agama);
        writer.WriteElementString("STATUS_KAWIN", p.StatusKawin);
        writer.WriteElementString("JENIS_PKRJN", p.Pekerjaan);
        writer.WriteElementString("ALAMAT", p.Alamat);
        writer.WriteElementString("NO_RT", p.Rt.ToString(CultureInfo.InvariantCulture));
        writer.WriteElementString("NO_RW", p.Rw.ToString(CultureInfo.InvariantCulture));
        writer.WriteElementString("KEL_NAME", p.Desa);
        writer.WriteElementString("KEC_NAME", p.Kecamatan);
        writer.WriteElementString("KAB_NAME", p.Kabupaten);
        writer.WriteElementString("PROP_NAME", p.Provinsi);
        if (withRelation)
        {
            writer.WriteElementString("STAT_HBKEL", p.StatusHubunganKeluarga);
        }

        writer.WriteEndElement();
    }
}
