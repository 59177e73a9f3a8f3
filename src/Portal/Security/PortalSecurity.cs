using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Security;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Portal.Security;

/// <summary>Identity, the three ways in (portal cookie, bearer token, API key) and the role policies.</summary>
public static class PortalSecurity
{
    public const string Scheme = "Portal";
    public const string Readers = "Readers";
    public const string Engineers = "Engineers";
    public const string Approvers = "Approvers";
    public const string Admins = "Admins";

    /// <summary>Predict and feedback: the Scorer role, and Engineers and up (not Viewers).</summary>
    public const string Scorers = "Scorers";

    public static WebApplicationBuilder AddPortalSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie, bearer token or API key", o => o.ForwardDefaultSelector = SelectScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(1);
                o.Events.OnMessageReceived = ValidateBearerAsync;
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => Redirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Redirect(ctx, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = ValidateCookieAsync;
        });

        services.AddIdentityCore<PortalUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Portal:Security:MaxFailedAccessAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders();

        services.AddSingleton<LoginThrottle>();
        var keyCacheSeconds = builder.Configuration.GetValue("Portal:Security:ApiKeyCacheSeconds", 5.0);
        services.Configure<ApiKeyOptions>(o => o.CacheLifetime = TimeSpan.FromSeconds(Math.Max(0, keyCacheSeconds)));
        services.AddAuthorization(ConfigurePolicies);
        services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>The role policies shared by pages, API endpoints and the Hangfire dashboard.</summary>
    public static void ConfigurePolicies(AuthorizationOptions options)
    {
        options.AddPolicy(Readers, p => p.RequireRole(PortalRoles.Ladder));
        options.AddPolicy(Engineers, p => p.RequireRole(PortalRoles.Engineer, PortalRoles.Approver, PortalRoles.Admin));
        options.AddPolicy(Approvers, p => p.RequireRole(PortalRoles.Approver, PortalRoles.Admin));
        options.AddPolicy(Admins, p => p.RequireRole(PortalRoles.Admin));
        options.AddPolicy(Scorers, p => p.RequireRole(PortalRoles.Scorer, PortalRoles.Engineer, PortalRoles.Approver, PortalRoles.Admin));
    }

    private static string SelectScheme(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return IdentityConstants.BearerScheme;
        }

        // The portal cookie may read the API (artifact download, audit export links) but never change anything
        // through it: a browser sends cookies on cross-site requests the API cannot tell apart, so writes need a
        // bearer token or an API key (CSRF defence beside SameSite). Without one the write is a 401.
        return context.Request.Path.StartsWithSegments("/api") && !IsSafe(context.Request.Method)
            ? IdentityConstants.BearerScheme
            : IdentityConstants.ApplicationScheme;
    }

    // A bearer token lives an hour: check on every request that it still speaks for its user (security stamp,
    // disabled, locked out), so a demoted or disabled user's token stops working at once.
    private static async Task ValidateBearerAsync(Microsoft.AspNetCore.Authentication.BearerToken.MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var ticket = context.Options.BearerTokenProtector.Unprotect(header["Bearer ".Length..].Trim());
        if (ticket is not null && !await CredentialCheck.IsCurrentAsync(context.HttpContext.RequestServices, ticket.Principal))
        {
            context.Fail("The token's user was disabled or locked out, or their rights changed: sign in again.");
        }
    }

    private static async Task ValidateCookieAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        if (!await CredentialCheck.IsCurrentAsync(context.HttpContext.RequestServices, context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    // API and Hangfire callers get a status code, people get the login page.
    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
