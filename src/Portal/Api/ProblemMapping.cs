using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Portal.Api;

/// <summary>Maps engine refusals (and malformed requests) to RFC 7807 problem details: one failure kind, one status.</summary>
public sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public static int StatusOf(FailureKind kind) => kind switch
    {
        FailureKind.Validation => StatusCodes.Status400BadRequest,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.Integrity => StatusCodes.Status409Conflict,
        FailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            DomainException d => (StatusOf(d.Kind), TitleOf(d.Kind), d.Message),
            BadHttpRequestException b => (b.StatusCode, "Malformed request", b.InnerException?.Message ?? b.Message),

            // Form and multipart parsing (value count, section length, truncated body) signal bad input this way.
            InvalidDataException i => (StatusCodes.Status400BadRequest, "Malformed request", i.Message),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static string TitleOf(FailureKind kind) => kind switch
    {
        FailureKind.Validation => "Invalid request",
        FailureKind.NotFound => "Not found",
        FailureKind.Conflict => "Conflict",
        FailureKind.Forbidden => "Forbidden",
        FailureKind.Integrity => "Artifact integrity check failed",
        FailureKind.Unavailable => "Service unavailable",
        _ => "Error",
    };
}
