using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using ModelLifecycle.Domain.Security;

namespace ModelLifecycle.Portal.Security;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a form post (antiforgery-checked), so another site cannot sign a user out.</summary>
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<PortalUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token", detail: "Sign out from the portal's own Sign out button.");
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).ExcludeFromDescription();
    }
}
