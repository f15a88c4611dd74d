using System.Net.Http.Json;
using System.Text.Json;

namespace Splp.Testing;

/// <summary>Reads and checks RFC 9457 problem responses.</summary>
public static class ProblemAssert
{
    /// <summary>
    /// Reads <paramref name="response"/> as problem+json and checks its status, type and trace id;
    /// returns the document for further checks. Throws with the body when it is not such a problem.
    /// </summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, int status, string type)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != status)
        {
            throw new InvalidOperationException($"Expected status {status} but got {(int)response.StatusCode}: {body}");
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            throw new InvalidOperationException($"Expected application/problem+json but got '{response.Content.Headers.ContentType}': {body}");
        }

        var problem = JsonDocument.Parse(body).RootElement.Clone();
        var actualType = problem.GetProperty("type").GetString();
        if (actualType != type)
        {
            throw new InvalidOperationException($"Expected type {type} but got {actualType}: {body}");
        }

        if (problem.GetProperty("status").GetInt32() != status)
        {
            throw new InvalidOperationException($"The body's status disagrees with the response's: {body}");
        }

        if (!problem.TryGetProperty("traceId", out var traceId) || string.IsNullOrEmpty(traceId.GetString()))
        {
            throw new InvalidOperationException($"The problem carries no traceId: {body}");
        }

        return problem;
    }

    /// <summary>Reads a JSON body.</summary>
    public static Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        response.Content.ReadFromJsonAsync<JsonElement>();
}
