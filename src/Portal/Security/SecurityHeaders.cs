using System.Security.Cryptography;

namespace ModelLifecycle.Portal.Security;

/// <summary>
/// Response headers that keep the browser to the portal's own code: a Content-Security-Policy (scripts only from the
/// portal, plus Blazor's import map by a per-request nonce; inline styles allowed because MudBlazor sets style
/// attributes; the circuit's WebSocket to the same origin), nosniff, a same-origin Referrer-Policy and no framing.
/// The API reference page (Scalar) boots from an inline script, so it alone allows inline scripts.
/// </summary>
public static class SecurityHeaders
{
    public const string NonceKey = "csp-nonce";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // API answers are JSON (and the reference page allows inline scripts anyway): a fixed policy, no nonce to
            // draw on every prediction. Pages get a fresh nonce per request.
            var path = context.Request.Path;
            string policy;
            if (path.StartsWithSegments("/api"))
            {
                policy = path.StartsWithSegments("/api/reference") ? ReferencePolicy : ApiPolicy;
            }
            else
            {
                // Hex: valid in a CSP nonce and never changed by HTML attribute encoding (base64's '+' was written as
                // "&#x2B;" in the page, so the page's nonce only matched the header after entity decoding).
                var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                context.Items[NonceKey] = nonce;
                policy = Policy($"'self' 'nonce-{nonce}'");
            }

            context.Response.OnStarting(static state =>
            {
                var (response, policy) = ((HttpResponse, string))state;
                var headers = response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            }, (context.Response, policy));
            return next(context);
        });
        return app;
    }

    /// <summary>The nonce of this request, for the few script elements the portal renders inline (the import map).</summary>
    public static string? Nonce(HttpContext? context) => context?.Items[NonceKey] as string;

    private static readonly string ApiPolicy = Policy("'self'");
    private static readonly string ReferencePolicy = Policy("'self' 'unsafe-inline'");

    private static string Policy(string scripts) =>
        $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}
