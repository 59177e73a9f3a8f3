namespace ModelLifecycle.Portal;

/// <summary>Where the portal finds its own files when an operator starts it.</summary>
public static class PortalHosting
{
    /// <summary>
    /// The content root (appsettings, wwwroot) is the working directory, as ASP.NET Core does by default, when that
    /// directory holds an appsettings.json (<c>dotnet run</c>, or an operator who changed into the publish folder);
    /// otherwise, e.g. <c>dotnet /opt/portal/Portal.dll</c> from a service manager's working directory, it is the
    /// application's own folder. An explicit <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> always wins.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        var useAppFolder = !explicitRoot && !File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"));
        return new WebApplicationOptions { Args = args, ContentRootPath = useAppFolder ? AppContext.BaseDirectory : null };
    }
}
