using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModelLifecycle.Tests.E2E;

/// <summary>
/// Starts the real portal (the built Portal.dll) on a free loopback port with a fresh data folder, demo data on,
/// and known demo passwords; stops it and deletes the folder at the end.
/// </summary>
public sealed class PortalServer : IAsyncDisposable
{
    public const string Password = "E2e-Passw0rd-42";

    private readonly Process process;
    private readonly StringBuilder output = new();

    private PortalServer(Process process, string baseUrl, string dataDirectory)
    {
        this.process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The portal as the E2E suite uses it: Development, demo data, known demo passwords.</summary>
    public static Task<PortalServer> StartAsync() => StartAsync("Development", new Dictionary<string, string>
    {
        ["Portal__Admin__Password"] = Password,
        ["Portal__Demo__Password"] = Password,
        ["Portal__SeedDemo"] = "true",
        ["Portal__Security__LoginPermitsPerMinute"] = "10000",
        ["Portal__Security__LoginPermitsPerAccountPerMinute"] = "10000",

        // The rollback flow: health judged every 2 s, and two models whose canary 1.1.0 fails or is slow on purpose.
        ["Portal__Deployments__HealthInterval"] = "00:00:02",
        [$"Portal__Serving__FaultInjection__{FailingModel}__1.1.0__ErrorRate"] = "1",
        [$"Portal__Serving__FaultInjection__{SlowModel}__1.1.0__ExtraLatencyMs"] = "150",
    });

    /// <summary>A model whose version 1.1.0 fails every prediction (fault injection, Development only).</summary>
    public const string FailingModel = "e2e-failing-canary";

    /// <summary>A model whose version 1.1.0 takes 150 ms more per prediction.</summary>
    public const string SlowModel = "e2e-slow-canary";

    /// <summary>The portal in <paramref name="environment"/> with the given extra environment variables.</summary>
    public static async Task<PortalServer> StartAsync(string environment, IReadOnlyDictionary<string, string> settings, string? workingDirectory = null)
    {
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var portalDir = Path.Combine(root, "src", "Portal");
        var dll = Path.Combine(portalDir, "bin", configuration, "net10.0", "Portal.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the portal first: {dll} is missing.");
        }

        var port = FreePort();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"ml-e2e-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? portalDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["Portal__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new PortalServer(process, $"http://127.0.0.1:{port}", dataDirectory);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitHealthyAsync(TimeSpan.FromMinutes(3));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process; the temp folder is cleaned by the OS later.
        }
    }

    private async Task WaitHealthyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await http.GetAsync($"{BaseUrl}/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The portal did not become healthy within {limit}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelLifecycle.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("ModelLifecycle.sln not found above the test folder.");
    }
}
