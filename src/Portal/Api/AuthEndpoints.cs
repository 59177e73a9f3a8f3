using Microsoft.AspNetCore.Identity;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Security;

namespace ModelLifecycle.Portal.Api;

public sealed record LoginRequest(string? Email, string? Password);

public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder v1)
    {
        // Answers {"tokenType":"Bearer","accessToken","expiresIn","refreshToken"} written by Identity's bearer-token handler.
        v1.MapPost("/auth/login", async (LoginRequest body, SignInManager<PortalUser> signIn) =>
        {
            if (string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrEmpty(body.Password))
            {
                throw DomainException.Invalid("email and password are required.");
            }

            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(body.Email, body.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return Results.Empty;
            }

            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed",
                detail: result.IsLockedOut ? "The account is locked after too many failed attempts; try again later." : "Wrong email or password.");
        }).AllowAnonymous().WithTags("Auth");
    }
}
