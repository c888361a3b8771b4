using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Observatory.Gateway.Api.Hosting;

/// <summary>
/// Refuses a request whose query or path parameters hold a control character (U+0000–U+001F, U+007F–U+009F) with a 400
/// naming the parameter; a NUL would otherwise reach PostgreSQL, which refuses it with an error that reads as the
/// database being down (503). Tab, line feed and carriage return pass: stored names and content may hold them (an
/// exporter's service name with a line break), and a filter must still be able to match them.
/// </summary>
public static class ControlCharacterGuard
{
    public static ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        foreach (var (name, values) in request.Query)
        {
            if ((FirstControl(name) ?? values.Select(v => FirstControl(v ?? "")).FirstOrDefault(c => c is not null)) is { } control)
            {
                return ValueTask.FromResult<object?>(ApiError.BadRequest($"Query parameter '{Printable(name)}' contains the control character {Describe(control)}."));
            }
        }

        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && FirstControl(text) is { } control)
            {
                return ValueTask.FromResult<object?>(ApiError.BadRequest($"Path parameter '{name}' contains the control character {Describe(control)}."));
            }
        }

        return next(context);
    }

    private static char? FirstControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return c;
            }
        }

        return null;
    }

    private static string Describe(char control) => "U+" + ((int)control).ToString("X4", CultureInfo.InvariantCulture);

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? Describe(c) : c.ToString()));
}
