using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using ModelLifecycle.Portal.Storage;

namespace ModelLifecycle.Portal.Security;

/// <summary>ASP.NET Core's file-system key repository, with each key file made owner-only (0600) once written.</summary>
public sealed class OwnerOnlyXmlRepository(DirectoryInfo directory, ILoggerFactory loggers) : IXmlRepository
{
    private readonly FileSystemXmlRepository inner = new(OwnerOnlyFiles.EnsureDirectory(directory.FullName), loggers);

    public IReadOnlyCollection<XElement> GetAllElements() => inner.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        inner.StoreElement(element, friendlyName);
        foreach (var file in Directory.EnumerateFiles(directory.FullName, "*.xml"))
        {
            OwnerOnlyFiles.Ensure(file);
        }
    }
}
