using System.Text.Json;
using Splp.Contracts.Kependudukan;
using Splp.SampleAgencies.Generation;
using Splp.SampleAgencies.Http;

namespace Splp.SampleAgencies.Dpmptsp;

/// <summary>
/// The licensing app (OSS-style REST): JSON in a <c>{status, data, message}</c> envelope, snake_case
/// names, local WIB timestamps <c>yyyy-MM-dd HH:mm:ss</c> without offset, real HTTP status codes.
/// </summary>
internal sealed class DpmptspApp
{
    public const int MaxPerPage = 100;

    private static readonly byte[] NotFound = Error("Permohonan tidak ditemukan");
    private static readonly byte[] InvalidJson = Error("Format JSON tidak valid");
    private static readonly byte[] InvalidPage = Error("Parameter page harus bilangan bulat mulai 1");
    private static readonly byte[] InvalidPerPage = Error("Parameter per_page harus bilangan bulat 1-100");

    private readonly PermitStore _store;
    private readonly TimeProvider _timeProvider;

    private DpmptspApp(SampleDataSet data, TimeProvider timeProvider)
    {
        _store = new PermitStore(data.PermitApplications);
        _timeProvider = timeProvider;
    }

    public static void Map(WebApplication app, SampleDataSet data, TimeProvider timeProvider)
    {
        var service = new DpmptspApp(data, timeProvider);
        app.MapGet("/api/v1/permohonan/{no_permohonan}", service.GetAsync);
        app.MapGet("/api/v1/permohonan", service.ListAsync);
        app.MapPost("/api/v1/permohonan", service.CreateAsync);
    }

    /// <summary>Writes <c>{"status":"success","data":…,"message":…}</c> around already serialized data.</summary>
    public static void WriteEnvelope(Utf8JsonWriter writer, ReadOnlySpan<byte> data, string message)
    {
        writer.WriteStartObject();
        writer.WriteString("status", "success");
        writer.WritePropertyName("data");
        writer.WriteRawValue(data, skipInputValidation: true);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    }

    private Task GetAsync(HttpContext context)
    {
        var number = context.Request.RouteValues["no_permohonan"] as string;
        return number is not null && _store.TryGet(number, out var entry)
            ? Responses.JsonAsync(context, StatusCodes.Status200OK, entry.Found)
            : Responses.JsonAsync(context, StatusCodes.Status404NotFound, NotFound);
    }

    private Task ListAsync(HttpContext context)
    {
        if (!Responses.TryPositiveInt(Responses.Query(context, "page"), 1, out var page))
        {
            return Responses.JsonAsync(context, StatusCodes.Status400BadRequest, InvalidPage);
        }

        if (!Responses.TryPositiveInt(Responses.Query(context, "per_page"), 20, out var perPage) || perPage > MaxPerPage)
        {
            return Responses.JsonAsync(context, StatusCodes.Status400BadRequest, InvalidPerPage);
        }

        var query = new ListQuery(_store.Snapshot, Responses.Query(context, "nik"), Responses.Query(context, "status"), page, perPage);
        return Responses.JsonAsync(context, StatusCodes.Status200OK, query, static (w, q) =>
        {
            var skip = (long)(q.Page - 1) * q.PerPage;
            var total = 0;
            w.WriteStartObject();
            w.WriteString("status", "success");
            w.WriteStartObject("data");
            w.WriteStartArray("items");

            // Newest first, as the office's own screens list them.
            for (var i = q.Entries.Length - 1; i >= 0; i--)
            {
                var application = q.Entries[i].Application;
                if ((q.Nik is not null && !string.Equals(application.NikPemohon.Value, q.Nik, StringComparison.Ordinal))
                    || (q.Status is not null && !string.Equals(application.StatusPermohonan, q.Status, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (total >= skip && total < skip + q.PerPage)
                {
                    w.WriteRawValue(q.Entries[i].Data, skipInputValidation: true);
                }

                total++;
            }

            w.WriteEndArray();
            w.WriteNumber("page", q.Page);
            w.WriteNumber("per_page", q.PerPage);
            w.WriteNumber("total", total);
            w.WriteEndObject();
            w.WriteString("message", "OK");
            w.WriteEndObject();
        });
    }

    private async Task CreateAsync(HttpContext context)
    {
        PermitRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, DpmptspJsonContext.Default.PermitRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            await Responses.JsonAsync(context, StatusCodes.Status400BadRequest, InvalidJson);
            return;
        }

        var errors = Validate(request, out var nik, out var permitType, out var kecamatan);
        if (errors.Count > 0)
        {
            await Responses.JsonAsync(context, StatusCodes.Status422UnprocessableEntity, errors, WriteValidationErrors);
            return;
        }

        var now = _timeProvider.GetUtcNow().ToOffset(Wib.Offset);
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var entry = _store.Add(now, number => new PermitApplication
        {
            NoPermohonan = number,
            NikPemohon = nik,
            NamaPemohon = request.NamaPemohon!.Trim(),
            JenisIzin = permitType!.Code,
            NamaIzin = permitType.Name,
            NamaUsaha = string.IsNullOrWhiteSpace(request.NamaUsaha) ? null : request.NamaUsaha.Trim(),
            AlamatLokasi = request.AlamatLokasi!.Trim(),
            Kecamatan = TextCase.ToTitle(kecamatan!.Name),
            Desa = TextCase.ToTitle(request.Desa!.Trim()),
            TglPengajuan = now,
            StatusPermohonan = PermitTypes.Diterima,
            Riwayat = [new PermitStatusChange(PermitTypes.Diterima, now, "Berkas diterima")],
        });

        context.Response.Headers.Location = "/api/v1/permohonan/" + entry.Application.NoPermohonan;
        await Responses.JsonAsync(context, StatusCodes.Status201Created, entry.Data, static (w, data) => WriteEnvelope(w, data, "Permohonan berhasil dibuat"));
    }

    private static List<(string Field, string Message)> Validate(PermitRequest request, out Nik nik, out PermitType? permitType, out Kecamatan? kecamatan)
    {
        var errors = new List<(string, string)>();
        nik = default;
        if (string.IsNullOrWhiteSpace(request.NikPemohon))
        {
            errors.Add(("nik_pemohon", "NIK pemohon wajib diisi"));
        }
        else if (!Nik.TryParse(request.NikPemohon, out nik))
        {
            errors.Add(("nik_pemohon", "NIK tidak valid"));
        }

        if (string.IsNullOrWhiteSpace(request.NamaPemohon))
        {
            errors.Add(("nama_pemohon", "Nama pemohon wajib diisi"));
        }

        permitType = PermitTypes.Find(request.JenisIzin);
        if (string.IsNullOrWhiteSpace(request.JenisIzin))
        {
            errors.Add(("jenis_izin", "Jenis izin wajib diisi"));
        }
        else if (permitType is null)
        {
            errors.Add(("jenis_izin", "Jenis izin tidak dikenal"));
        }

        if (string.IsNullOrWhiteSpace(request.AlamatLokasi))
        {
            errors.Add(("alamat_lokasi", "Alamat lokasi wajib diisi"));
        }

        kecamatan = SlemanRegion.Find(request.Kecamatan);
        if (string.IsNullOrWhiteSpace(request.Kecamatan))
        {
            errors.Add(("kecamatan", "Kecamatan wajib diisi"));
        }
        else if (kecamatan is null)
        {
            errors.Add(("kecamatan", "Kecamatan tidak dikenal di Kabupaten Sleman"));
        }

        if (string.IsNullOrWhiteSpace(request.Desa))
        {
            errors.Add(("desa", "Desa wajib diisi"));
        }

        return errors;
    }

    private static void WriteValidationErrors(Utf8JsonWriter w, List<(string Field, string Message)> errors)
    {
        w.WriteStartObject();
        w.WriteString("status", "error");
        w.WriteStartObject("data");
        w.WriteStartObject("errors");
        foreach (var (field, message) in errors)
        {
            w.WriteStartArray(field);
            w.WriteStringValue(message);
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("message", "Validasi gagal");
        w.WriteEndObject();
    }

    private static byte[] Error(string message) => Responses.Utf8Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "error");
        w.WriteNull("data");
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    private sealed record ListQuery(PermitStore.Entry[] Entries, string? Nik, string? Status, int Page, int PerPage);
}
