using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using ModelLifecycle.Portal.Storage;

namespace ModelLifecycle.Portal.Security;

/// <summary>
/// Data-protection keys (they sign the portal's cookies and bearer tokens). Kept in
/// <c>Portal:DataProtection:KeysDirectory</c> (default <c>keys</c> under the data folder; point several instances
/// at one shared folder) under the application name <c>ModelLifecycle</c>. With
/// <c>Portal:DataProtection:CertificatePath</c> (a PKCS#12 file with its private key, password in
/// <c>Portal:DataProtection:CertificatePassword</c>) the keys are encrypted at rest with that certificate;
/// without it they are stored in plain XML and ASP.NET Core logs a warning. Key files are owner-only (0600).
/// </summary>
public static class PortalDataProtection
{
    public const string ApplicationName = "ModelLifecycle";

    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var keys = configuration["Portal:DataProtection:KeysDirectory"];
        var directory = string.IsNullOrWhiteSpace(keys)
            ? Path.Combine(PortalStorage.DataDirectory(configuration), "keys")
            : Path.GetFullPath(keys);
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<ILoggerFactory>((o, loggers) => o.XmlRepository = new OwnerOnlyXmlRepository(new DirectoryInfo(directory), loggers));

        var certificatePath = configuration["Portal:DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            builder.ProtectKeysWithCertificate(LoadCertificate(certificatePath, configuration["Portal:DataProtection:CertificatePassword"]));
        }

        return services;
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Portal:DataProtection:CertificatePath names '{path}', which does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"Portal:DataProtection:CertificatePath '{path}' could not be read as a PKCS#12 file with the configured password: {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"The data-protection certificate '{path}' has no private key; keys encrypted with it could not be read back.");
        }

        return certificate;
    }
}
