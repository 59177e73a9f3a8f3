using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Security;

namespace ModelLifecycle.Portal.Security;

/// <summary>
/// Identity's sign-in with two changes: a disabled user cannot sign in, and every refused attempt (unknown account,
/// locked, disabled, wrong password) does the same password-hash work, so the answer's timing does not tell an
/// attacker which accounts exist or are locked.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly Lock HashLock = new();
    private static string? decoyHash;

    public override async Task<bool> CanSignInAsync(PortalUser user) =>
        user.DisabledAt is null && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            BurnHash(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(PortalUser user, string password, bool lockoutOnFailure)
    {
        if (await PreSignInCheck(user) is { } refused)
        {
            BurnHash(password);
            return refused;
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    // Verifies the password against a hash of a random secret: the cost of a real check, an answer that is always no.
    private void BurnHash(string password)
    {
        var decoy = new PortalUser();
        string hash;
        lock (HashLock)
        {
            hash = decoyHash ??= UserManager.PasswordHasher.HashPassword(decoy, Guid.NewGuid().ToString("N"));
        }

        UserManager.PasswordHasher.VerifyHashedPassword(decoy, hash, password ?? "");
    }
}
