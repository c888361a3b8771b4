using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Observatory.Gateway.Api.Hosting;

/// <summary>
/// A query PostgreSQL could not answer in time (or at all) is a 503 the dashboard can retry or narrow, not an empty 500.
/// </summary>
public sealed class DatabaseTimeoutHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var cause = exception is NpgsqlException ? exception : exception.InnerException as NpgsqlException;
        if (cause is null || httpContext.Response.HasStarted)
        {
            return false;
        }

        var timedOut = cause.InnerException is TimeoutException || (cause as PostgresException)?.SqlState == PostgresErrorCodes.QueryCanceled;
        var message = timedOut
            ? "The query took too long: narrow it (a shorter 'from'..'to' range, more filters) and retry."
            : "The database is unavailable: retry shortly.";
        httpContext.Response.Headers.RetryAfter = "1";
        await ApiError.Unavailable(message).ExecuteAsync(httpContext);
        return true;
    }
}
