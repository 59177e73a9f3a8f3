using System.Security.Cryptography;
using ModelLifecycle.Domain.Audit;

namespace ModelLifecycle.Portal.Audit;

/// <summary>
/// Where the audit chain key comes from: <c>Portal:Audit:Key</c> (base64), else <c>Portal:Audit:KeyFile</c>, else (not
/// in Production) a key generated into the data folder with a warning. In Production a key beside the database would
/// let anyone who can rewrite the database re-sign the chain too, so the portal refuses to start.
/// </summary>
public static class AuditKeySource
{
    public const string GeneratedFileName = "audit.key";

    public static AuditKey Load(IConfiguration config, string dataDir, bool production, ILogger? logger)
    {
        if (config["Portal:Audit:Key"] is { Length: > 0 } configured)
        {
            return Parse(configured, "Portal:Audit:Key");
        }

        if (config["Portal:Audit:KeyFile"] is { Length: > 0 } keyFile)
        {
            var path = Path.GetFullPath(keyFile);
            if (production && IsInside(path, dataDir))
            {
                throw new InvalidOperationException($"Portal:Audit:KeyFile '{path}' is inside the data folder '{dataDir}'. In Production keep the audit key away from the database: put the key file elsewhere or set Portal:Audit:Key.");
            }

            return ReadFile(path, "Portal:Audit:KeyFile");
        }

        var generated = Path.Combine(dataDir, GeneratedFileName);
        if (production)
        {
            throw new InvalidOperationException($"No audit key configured. In Production the portal does not generate the audit chain key beside the database ('{generated}'): set Portal:Audit:Key (base64, at least 16 bytes) or Portal:Audit:KeyFile (a file outside the data folder '{dataDir}').");
        }

        if (!File.Exists(generated))
        {
            File.WriteAllText(generated, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(generated, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            logger?.LogWarning("No Portal:Audit:Key configured: generated an audit chain key at {Path}. Back it up and keep it out of the database; without it the audit chain cannot be verified.", generated);
        }

        return ReadFile(generated, "the generated key file");
    }

    /// <summary>Reads a key file (base64 text, as the portal generates it).</summary>
    public static AuditKey ReadFile(string path, string source)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{source}: the audit key file '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path).Trim(), $"{source} '{path}'");
    }

    private static AuditKey Parse(string base64, string source)
    {
        try
        {
            return new AuditKey(Convert.FromBase64String(base64));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new InvalidOperationException($"{source} must be a base64 key of at least 16 bytes.", ex);
        }
    }

    private static bool IsInside(string path, string directory)
    {
        var dir = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return path.StartsWith(dir, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}
