using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Security;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public static class AuthEndpoints
{
    /// <summary>One answer for every refused sign-in, so it does not tell which accounts exist, are locked or disabled.</summary>
    public const string SignInRefused = "Wrong email or password, or the account is locked or disabled.";

    public static void MapAuthEndpoints(this RouteGroupBuilder v1)
    {
        // Answers {"tokenType":"Bearer","accessToken","expiresIn","refreshToken"} written by Identity's bearer-token handler.
        v1.MapPost("/auth/login", async (LoginRequest body, SignInManager<PortalUser> signIn, LoginThrottle throttle, HttpContext context) =>
        {
            if (string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrEmpty(body.Password))
            {
                throw DomainException.Invalid("email and password are required.");
            }

            if (throttle.Attempt(context, body.Email) is { } wait)
            {
                LoginThrottle.WriteRetryAfter(context.Response, wait);
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many sign-in attempts", detail: "Wait before trying again (see Retry-After).");
            }

            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(body.Email, body.Password, isPersistent: false, lockoutOnFailure: true);
            return result.Succeeded
                ? Results.Empty
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: SignInRefused);
        }).AllowAnonymous().WithTags("Auth");

        // As Identity's MapIdentityApi does: the refresh token is a protected ticket; it only works while the user's
        // security stamp is unchanged and the user may still act, and answers with a fresh token pair.
        v1.MapPost("/auth/refresh", async (RefreshRequest body, IOptionsMonitor<BearerTokenOptions> bearer, SignInManager<PortalUser> signIn, TimeProvider clock, HttpContext context) =>
        {
            if (string.IsNullOrWhiteSpace(body.RefreshToken))
            {
                throw DomainException.Invalid("refreshToken is required.");
            }

            var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(body.RefreshToken);
            if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
                || await CredentialCheck.CurrentUserAsync(context.RequestServices, ticket.Principal) is not { } user)
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Refresh refused", detail: "The refresh token is invalid or expired, or the user's rights changed: sign in again.");
            }

            return Results.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
        }).AllowAnonymous().WithTags("Auth");
    }
}
