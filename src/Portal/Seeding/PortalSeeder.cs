using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Security;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Portal.Storage;

namespace ModelLifecycle.Portal.Seeding;

/// <summary>
/// First start: roles, the first admin (from Portal:Admin:Email/Password, or a generated password in Development),
/// the demo users (one per role) and demo data when Portal:SeedDemo is on. Passwords are never in the repository.
/// </summary>
public sealed class PortalSeeder(
    IServiceProvider services,
    IConfiguration config,
    IHostEnvironment env,
    ILogger<PortalSeeder> logger)
{
    public static readonly (string Email, string Role)[] DemoUsers =
    [
        ("engineer@modellifecycle.local", PortalRoles.Engineer),
        ("approver@modellifecycle.local", PortalRoles.Approver),
        ("viewer@modellifecycle.local", PortalRoles.Viewer),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var credentials = new List<string>();
        if (!await users.Users.AnyAsync(ct))
        {
            var email = config["Portal:Admin:Email"] is { Length: > 0 } e ? e : "admin@modellifecycle.local";
            var password = config["Portal:Admin:Password"];
            if (string.IsNullOrEmpty(password))
            {
                if (!env.IsDevelopment())
                {
                    logger.LogError("No user exists and Portal:Admin:Password is not set: set Portal:Admin:Email and Portal:Admin:Password (environment Portal__Admin__Password) to create the first admin.");
                    return;
                }

                password = GeneratePassword();
                credentials.Add($"{email} / {password} (Admin)");
            }

            await admin.CreateAsync(email, password, [PortalRoles.Admin], Actor.System, ct);
            logger.LogInformation("Created the first admin {Email}.", email);
        }

        if (!config.GetValue("Portal:SeedDemo", env.IsDevelopment()))
        {
            Announce(credentials);
            return;
        }

        foreach (var (email, role) in DemoUsers)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var password = config["Portal:Demo:Password"];
            if (string.IsNullOrEmpty(password))
            {
                password = GeneratePassword();
                credentials.Add($"{email} / {password} ({role})");
            }

            await admin.CreateAsync(email, password, [role], Actor.System, ct);
        }

        Announce(credentials);
        await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(ct);
    }

    private void Announce(List<string> credentials)
    {
        if (credentials.Count == 0)
        {
            return;
        }

        var dataDir = PortalStorage.DataDirectory(config);
        var path = Path.Combine(dataDir, "initial-credentials.txt");
        File.WriteAllLines(path, credentials);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Printed once at first start so a newcomer can sign in; also kept (owner-only) in the data folder.
        Console.WriteLine();
        Console.WriteLine("==== ModelLifecycle first start: generated sign-in accounts ====");
        foreach (var line in credentials)
        {
            Console.WriteLine($"  {line}");
        }

        Console.WriteLine($"  (also written to {path})");
        Console.WriteLine("================================================================");
        Console.WriteLine();
    }

    private static string GeneratePassword() =>
        "Ml-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y').TrimEnd('=') + "9a";
}
