using Microsoft.AspNetCore.Http;

namespace Observatory.Gateway.Api.Hosting;

/// <summary>The one error shape of the REST API: <c>{"error":{"code","message"}}</c>.</summary>
public sealed record ApiError(ApiErrorBody Error)
{
    public static IResult BadRequest(string message) => Results.Json(new ApiError(new ApiErrorBody("bad_request", message)), statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string message) => Results.Json(new ApiError(new ApiErrorBody("not_found", message)), statusCode: StatusCodes.Status404NotFound);

    /// <summary>A 405; the caller keeps the <c>Allow</c> header routing set.</summary>
    public static IResult MethodNotAllowed(string message) =>
        Results.Json(new ApiError(new ApiErrorBody("method_not_allowed", message)), statusCode: StatusCodes.Status405MethodNotAllowed);

    public static IResult UnsupportedMediaType(string message) =>
        Results.Json(new ApiError(new ApiErrorBody("unsupported_media_type", message)), statusCode: StatusCodes.Status415UnsupportedMediaType);

    public static IResult Unavailable(string message) => Results.Json(new ApiError(new ApiErrorBody("unavailable", message)), statusCode: StatusCodes.Status503ServiceUnavailable);
}

/// <summary>Machine-readable code and human-readable message of an <see cref="ApiError"/>.</summary>
public sealed record ApiErrorBody(string Code, string Message);
