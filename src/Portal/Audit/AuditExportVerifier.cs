using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Portal.Storage;

namespace ModelLifecycle.Portal.Audit;

/// <summary>
/// <c>dotnet Portal.dll audit verify-export --file audit.csv [--key-file audit.key]</c>: checks an audit CSV export offline.
/// Without <c>--key-file</c> the key comes from <c>Portal:Audit:Key</c> or <c>Portal:Audit:KeyFile</c> (appsettings,
/// environment <c>Portal__Audit__Key</c>, or <c>--Portal:Audit:Key=…</c>), else the key generated in the data folder.
/// Exit code 0: intact; 1: broken (the first broken row is printed); 2: usage or key error.
/// </summary>
public static class AuditExportVerifier
{
    public static bool Handles(string[] args) => args is ["audit", "verify-export", ..];

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string? file = null;
        string? keyFile = null;
        var rest = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--file" when i + 1 < args.Length:
                    file = args[++i];
                    break;
                case "--key-file" when i + 1 < args.Length:
                    keyFile = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (file is null)
        {
            await error.WriteLineAsync("Usage: dotnet Portal.dll audit verify-export --file <export.csv> [--key-file <audit.key>]");
            return 2;
        }

        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"The export '{file}' does not exist.");
            return 2;
        }

        AuditKey key;
        try
        {
            key = keyFile is not null ? AuditKeySource.ReadFile(Path.GetFullPath(keyFile), "--key-file") : KeyFromConfiguration([.. rest]);
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 2;
        }

        using var reader = new StreamReader(file, System.Text.Encoding.UTF8);
        var result = AuditExportCheck.Verify(key.Value, reader);
        await (result.Valid ? output : error).WriteLineAsync(result.Valid ? result.Message : $"BROKEN: {result.Message}");
        return result.Valid ? 0 : 1;
    }

    private static AuditKey KeyFromConfiguration(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var config = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var dataDir = PortalStorage.DataDirectory(config);
        if (config["Portal:Audit:Key"] is not { Length: > 0 } && config["Portal:Audit:KeyFile"] is not { Length: > 0 }
            && !File.Exists(Path.Combine(dataDir, AuditKeySource.GeneratedFileName)))
        {
            throw new InvalidOperationException("No audit key: pass --key-file, or set Portal:Audit:Key or Portal:Audit:KeyFile.");
        }

        // Never generates: with no configured key the generated one in the data folder exists (checked above).
        return AuditKeySource.Load(config, dataDir, production: false, logger: null);
    }
}
