using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Portal.Security;
using MudBlazor;

namespace ModelLifecycle.Portal.Components.Shared;

/// <summary>Base of portal pages: the signed-in actor, and engine refusals shown as a snackbar instead of an error page.</summary>
public abstract class PortalPage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IServiceScopeFactory CredentialScopes { get; set; } = default!;

    /// <summary>
    /// The signed-in actor. A circuit keeps the principal it started with, so a cookie-born principal is checked
    /// against the user's current security stamp and state before each action (rights taken away apply at once).
    /// </summary>
    protected async Task<Actor> ActorAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        var user = state?.User ?? new System.Security.Claims.ClaimsPrincipal();
        if (user.Identity?.AuthenticationType == Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme)
        {
            await using var scope = CredentialScopes.CreateAsyncScope();
            if (!await CredentialCheck.IsCurrentAsync(scope.ServiceProvider, user))
            {
                throw DomainException.Forbidden("Your rights changed or your account was disabled or locked: sign in again.");
            }
        }

        return ActorFactory.From(user);
    }

    /// <summary>Runs an engine call; a refusal becomes a snackbar with its reason, a success the given message.</summary>
    protected async Task<bool> TryAsync(Func<Task> action, string? success = null)
    {
        try
        {
            await action();
            if (success is not null)
            {
                Snackbar.Add(success, Severity.Success);
            }

            return true;
        }
        catch (DomainException ex)
        {
            Snackbar.Add(ex.Message, ex.Kind == FailureKind.Validation ? Severity.Warning : Severity.Error);
            return false;
        }
    }
}
