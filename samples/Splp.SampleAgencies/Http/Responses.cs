using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Splp.SampleAgencies.Http;

/// <summary>Writes precomputed or freshly built bodies with a known length, without MVC or result objects.</summary>
internal static class Responses
{
    public const string Json = "application/json; charset=utf-8";
    public const string Xml = "application/xml; charset=utf-8";
    public const string Text = "text/plain; charset=utf-8";

    private static readonly byte[] Ok = "OK"u8.ToArray();

    public static Task WriteAsync(HttpContext context, int statusCode, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        var write = response.BodyWriter.WriteAsync(body, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    public static Task JsonAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> body) =>
        WriteAsync(context, statusCode, Json, body);

    /// <summary>Serializes with <paramref name="write"/> into a new array: for bodies computed once at start.</summary>
    public static byte[] Utf8Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes with <paramref name="write"/> and sends the result: for bodies built per request.</summary>
    public static Task JsonAsync<TState>(HttpContext context, int statusCode, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(8 * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, state);
        }

        return WriteAsync(context, statusCode, Json, buffer.WrittenMemory);
    }

    /// <summary>Maps <c>GET /health</c> → 200 <c>OK</c>.</summary>
    public static void MapHealth(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/health", context => WriteAsync(context, StatusCodes.Status200OK, Text, Ok));

    /// <summary>The single value of a query parameter, or <see langword="null"/> when absent or empty.</summary>
    public static string? Query(HttpContext context, string name)
    {
        var values = context.Request.Query[name];
        return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
    }

    /// <summary>Parses an optional positive integer query value; absent gives <paramref name="fallback"/>.</summary>
    public static bool TryPositiveInt(string? value, int fallback, out int result)
    {
        if (value is null)
        {
            result = fallback;
            return true;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= 1;
    }

    public static bool IsAsciiDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !value.IsEmpty;
    }
}
