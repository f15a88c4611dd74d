using System.Net;
using System.Text.Json;

namespace Splp.SampleAgencies.Tests;

/// <summary>Reads answers the way a client of the legacy apps would.</summary>
internal static class HttpAssert
{
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expectedStatus)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expectedStatus == response.StatusCode, $"Expected {expectedStatus}, got {response.StatusCode}: {body}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode expectedStatus)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await JsonAsync(response, expectedStatus);
    }

    public static async Task<string> GetStringAsync(HttpClient client, string path, HttpStatusCode expectedStatus)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(expectedStatus, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    public static string[] PropertyNames(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}
