namespace ModelLifecycle.Portal.Storage;

/// <summary>
/// Files with secrets or all the portal's data (the SQLite database, data-protection keys) readable by the service
/// account only: 0600 for files, 0700 for their folders. Does nothing on Windows, where ACLs of the folder apply.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode Directory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the file empty with mode 0600 if missing (SQLite gives its -wal and -shm files the same mode), else tightens it to 0600.</summary>
    public static void Ensure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!System.IO.File.Exists(path))
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = File });
        }
        else
        {
            System.IO.File.SetUnixFileMode(path, File);
        }
    }

    /// <summary>Creates the folder with mode 0700 if missing.</summary>
    public static DirectoryInfo EnsureDirectory(string path) =>
        OperatingSystem.IsWindows() ? System.IO.Directory.CreateDirectory(path) : System.IO.Directory.CreateDirectory(path, Directory);
}
