using Microsoft.AspNetCore.Identity;
using ModelLifecycle.Domain.Security;

namespace ModelLifecycle.Portal.Security;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a form post (antiforgery-checked), so another site cannot sign a user out.</summary>
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async (SignInManager<PortalUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).ExcludeFromDescription();
    }
}
