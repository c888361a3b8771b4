namespace Observatory.EndToEnd.Tests;

/// <summary>What tests that sweep the OpenAPI document need to know of a route.</summary>
internal static class OpenApiOperations
{
    /// <summary>
    /// A Server-Sent Events stream (the live endpoints, all under <c>/api/v1/live/</c>; their OpenAPI entries carry no
    /// response schema to tell them by): it never ends, so a sweep that reads whole answers skips it. The streams have
    /// their own tests (tests/EndToEnd.Tests/Live), and the query cache never touches them.
    /// </summary>
    public static bool IsEventStream(string path) => path.StartsWith("/api/v1/live/", StringComparison.Ordinal);
}
