using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Splp.Contracts.Kependudukan;
using Splp.SampleAgencies.Http;

namespace Splp.SampleAgencies.Bapenda;

/// <summary>
/// The regional tax app: JSON with upper-case abbreviated names, numeric code lists, whole-rupiah
/// amounts, <c>yyyyMMdd</c> date strings, bare arrays for lists and <c>{ERR_CODE, ERR_MSG}</c> errors.
/// </summary>
internal sealed class BapendaApp
{
    public const int NopLength = 18;

    private static readonly byte[] EmptyArray = "[]"u8.ToArray();
    private static readonly byte[] NopNotRegistered = Error(404, "NOP TIDAK TERDAFTAR");
    private static readonly byte[] BadNop = Error(400, "FORMAT NOP SALAH");
    private static readonly byte[] BadNik = Error(400, "FORMAT NIK SALAH");
    private static readonly byte[] BadYear = Error(400, "FORMAT TAHUN SALAH");

    private readonly FrozenDictionary<string, TaxObjectJson> _objects;
    private readonly FrozenDictionary<string, byte[]> _objectsByNik;

    private BapendaApp(SampleDataSet data)
    {
        _objects = data.TaxObjects.ToFrozenDictionary(o => o.Nop, o => new TaxObjectJson(o), StringComparer.Ordinal);
        _objectsByNik = data.TaxObjects
            .GroupBy(o => o.NikWajibPajak.Value, StringComparer.Ordinal)
            .ToFrozenDictionary(
                g => g.Key,
                g => Responses.Utf8Json(w =>
                {
                    w.WriteStartArray();
                    foreach (var taxObject in g)
                    {
                        w.WriteRawValue(_objects[taxObject.Nop].Object, skipInputValidation: true);
                    }

                    w.WriteEndArray();
                }),
                StringComparer.Ordinal);
    }

    public static void Map(WebApplication app, SampleDataSet data)
    {
        var service = new BapendaApp(data);
        app.MapGet("/objek-pajak/{nop}", service.GetObjectAsync);
        app.MapGet("/objek-pajak", service.ObjectsOfTaxpayerAsync);
        app.MapGet("/tagihan", service.BillsAsync);
    }

    /// <summary>Whether <paramref name="nop"/> has the shape of a Sleman NOP: 18 digits starting with 3404.</summary>
    public static bool IsNop(ReadOnlySpan<char> nop) =>
        nop.Length == NopLength && nop.StartsWith("3404", StringComparison.Ordinal) && Responses.IsAsciiDigits(nop);

    private Task GetObjectAsync(HttpContext context)
    {
        var nop = context.Request.RouteValues["nop"] as string;
        if (nop is null || !IsNop(nop))
        {
            return Responses.JsonAsync(context, StatusCodes.Status400BadRequest, BadNop);
        }

        return _objects.TryGetValue(nop, out var found)
            ? Responses.JsonAsync(context, StatusCodes.Status200OK, found.Object)
            : Responses.JsonAsync(context, StatusCodes.Status404NotFound, NopNotRegistered);
    }

    private Task ObjectsOfTaxpayerAsync(HttpContext context)
    {
        var nik = Responses.Query(context, "nik");
        if (nik is null || !Nik.IsValid(nik))
        {
            return Responses.JsonAsync(context, StatusCodes.Status400BadRequest, BadNik);
        }

        return Responses.JsonAsync(context, StatusCodes.Status200OK, _objectsByNik.GetValueOrDefault(nik, EmptyArray));
    }

    private Task BillsAsync(HttpContext context)
    {
        var nop = Responses.Query(context, "nop");
        if (nop is null || !IsNop(nop))
        {
            return Responses.JsonAsync(context, StatusCodes.Status400BadRequest, BadNop);
        }

        var thn = Responses.Query(context, "thn");
        var year = 0;
        if (thn is not null && (thn.Length != 4 || !int.TryParse(thn, NumberStyles.None, CultureInfo.InvariantCulture, out year)))
        {
            return Responses.JsonAsync(context, StatusCodes.Status400BadRequest, BadYear);
        }

        if (!_objects.TryGetValue(nop, out var found))
        {
            return Responses.JsonAsync(context, StatusCodes.Status404NotFound, NopNotRegistered);
        }

        var body = thn is null ? found.Bills : found.BillsOfYear.GetValueOrDefault(year, EmptyArray);
        return Responses.JsonAsync(context, StatusCodes.Status200OK, body);
    }

    private static byte[] Error(int code, string message) => Responses.Utf8Json(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("ERR_CODE", code);
        w.WriteString("ERR_MSG", message);
        w.WriteEndObject();
    });

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>A tax object's answers, computed once.</summary>
    private sealed class TaxObjectJson
    {
        public TaxObjectJson(TaxObject taxObject)
        {
            Object = Responses.Utf8Json(w => WriteObject(w, taxObject));
            Bills = Responses.Utf8Json(w => WriteBills(w, taxObject.Tagihan));
            BillsOfYear = taxObject.Tagihan
                .GroupBy(b => b.TahunPajak)
                .ToFrozenDictionary(g => g.Key, g => Responses.Utf8Json(w => WriteBills(w, g)));
        }

        public byte[] Object { get; }

        public byte[] Bills { get; }

        public FrozenDictionary<int, byte[]> BillsOfYear { get; }

        private static void WriteObject(Utf8JsonWriter w, TaxObject o)
        {
            w.WriteStartObject();
            w.WriteString("NOP", o.Nop);
            w.WriteNumber("JNS_PAJAK", o.JenisPajak);
            w.WriteString("NM_WP", o.NamaWajibPajak);
            w.WriteString("NIK_WP", o.NikWajibPajak.Value);
            w.WriteString("ALAMAT_OP", o.AlamatObjek);
            w.WriteString("KEC_OP", o.KecamatanObjek);
            w.WriteString("KEL_OP", o.KelurahanObjek);
            w.WriteNumber("LUAS_TNH", o.LuasTanah);
            w.WriteNumber("LUAS_BNG", o.LuasBangunan);
            w.WriteNumber("NJOP", o.Njop);
            w.WriteNumber("STS_OP", o.StatusObjek);
            w.WriteEndObject();
        }

        private static void WriteBills(Utf8JsonWriter w, IEnumerable<TaxBill> bills)
        {
            w.WriteStartArray();
            foreach (var bill in bills)
            {
                w.WriteStartObject();
                w.WriteString("NOP", bill.Nop);
                w.WriteNumber("THN_PAJAK", bill.TahunPajak);
                w.WriteNumber("POKOK", bill.Pokok);
                w.WriteNumber("DENDA", bill.Denda);
                w.WriteString("JATUH_TEMPO", Date(bill.JatuhTempo));
                w.WriteNumber("STS_BYR", bill.StatusBayar);
                if (bill.TanggalBayar is { } paid)
                {
                    w.WriteString("TGL_BYR", Date(paid));
                }
                else
                {
                    w.WriteNull("TGL_BYR");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }
}
