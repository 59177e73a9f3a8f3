using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>Data-protection keys: encrypted with a configured certificate, shareable between instances.</summary>
public sealed class DataProtectionTests : IDisposable
{
    private const string CertificatePassword = "cert-pass-1";
    private readonly string folder = Directory.CreateTempSubdirectory("ml-dp").FullName;

    public DataProtectionTests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ModelLifecycle data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pfx, CertificatePassword));
    }

    private string CertificatePath => Path.Combine(folder, "dp.pfx");

    private string KeysDirectory => Path.Combine(folder, "shared-keys");

    [Fact]
    public async Task Keys_are_encrypted_with_the_certificate_and_a_second_instance_with_it_accepts_the_first_ones_tokens()
    {
        var withCertificate = new Dictionary<string, string>
        {
            ["Portal:DataProtection:KeysDirectory"] = KeysDirectory,
            ["Portal:DataProtection:CertificatePath"] = CertificatePath,
            ["Portal:DataProtection:CertificatePassword"] = CertificatePassword,
            // Instances behind one load balancer share the database too: a token is only honoured for a user the
            // instance knows with the same security stamp.
            ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(folder, "shared.db")}",
        };

        string token;
        await using (var first = new PortalApp { Settings = withCertificate })
        {
            using var client = await first.ClientForAsync(PortalApp.AdminEmail);
            token = client.DefaultRequestHeaders.Authorization!.Parameter!;
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
        }

        var keyFiles = Directory.GetFiles(KeysDirectory, "key-*.xml");
        Assert.NotEmpty(keyFiles);
        foreach (var file in keyFiles)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        }

        // Another instance (its own data folder, the shared database) sharing the key folder and the certificate reads the token.
        await using (var second = new PortalApp { Settings = withCertificate })
        {
            Assert.Equal(HttpStatusCode.OK, (await GetModelsAsync(second, token)).StatusCode);
        }

        // Without the certificate the same keys cannot be read, so the token is refused.
        await using var third = new PortalApp { Settings = new Dictionary<string, string> { ["Portal:DataProtection:KeysDirectory"] = KeysDirectory } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetModelsAsync(third, token)).StatusCode);
    }

    [Fact]
    public void A_missing_certificate_stops_the_start_with_its_path()
    {
        var missing = Path.Combine(folder, "nope.pfx");
        using var app = new PortalApp { Settings = new Dictionary<string, string> { ["Portal:DataProtection:CertificatePath"] = missing } };

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_certificate_password_stops_the_start_with_a_reason()
    {
        using var app = new PortalApp
        {
            Settings = new Dictionary<string, string>
            {
                ["Portal:DataProtection:CertificatePath"] = CertificatePath,
                ["Portal:DataProtection:CertificatePassword"] = "wrong",
            },
        };

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.Contains("could not be read as a PKCS#12 file", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static async Task<HttpResponseMessage> GetModelsAsync(PortalApp app, string token)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync("/api/v1/models");
    }
}
