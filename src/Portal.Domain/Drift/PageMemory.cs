using System.Runtime.InteropServices;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// Memory outside the GC for an upload's parsed columns, returned to the operating system the moment a column is
/// freed. On Linux each allocation is its own anonymous mapping: a page is resident only once written, growing moves
/// the pages (<c>mremap</c>) instead of copying them, and freeing unmaps them at once, so the process holds the columns
/// and nothing else (no garbage waiting for a collection, no allocator keeping freed blocks). Elsewhere it falls back to
/// <see cref="NativeMemory"/> (growth may copy). Callers free what they allocate.
/// </summary>
internal static unsafe class PageMemory
{
    private const int ProtRead = 0x1;
    private const int ProtWrite = 0x2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20; // the same on x64, Arm, Arm64, s390x, ppc64le, riscv64 and loongarch64
    private const int MremapMayMove = 0x1;
    private const int MadviseHugePage = 14;
    private const nuint HugePageBytes = 2 << 20;

    /// <summary>Whether the mapping calls are used (Linux on an architecture whose flag values are the ones above).</summary>
    public static bool UsesMappings { get; } = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is
        Architecture.X64 or Architecture.Arm64 or Architecture.Arm or Architecture.S390x or Architecture.Ppc64le
        or Architecture.RiscV64 or Architecture.LoongArch64;

    public static void* Allocate(nuint bytes)
    {
        if (!UsesMappings)
        {
            return NativeMemory.Alloc(bytes);
        }

        var p = mmap(null, bytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        return p == (void*)-1 ? throw new OutOfMemoryException($"Could not map {bytes} bytes for a parsed column (errno {Marshal.GetLastPInvokeError()}).") : HugePages(p, bytes);
    }

    /// <summary>Grows (or shrinks) an allocation, keeping its first min(old, new) bytes; the address may change.</summary>
    public static void* Resize(void* p, nuint oldBytes, nuint newBytes)
    {
        if (!UsesMappings)
        {
            return NativeMemory.Realloc(p, newBytes);
        }

        var moved = mremap(p, oldBytes, newBytes, MremapMayMove);
        return moved == (void*)-1 ? throw new OutOfMemoryException($"Could not grow a parsed column to {newBytes} bytes (errno {Marshal.GetLastPInvokeError()}).") : HugePages(moved, newBytes);
    }

    public static void Free(void* p, nuint bytes)
    {
        if (p is null)
        {
            return;
        }

        if (!UsesMappings)
        {
            NativeMemory.Free(p);
            return;
        }

        // Failing to unmap a mapping this class made cannot happen short of a bug; the pages would only stay mapped.
        _ = munmap(p, bytes);
    }

    /// <summary>
    /// Asks for 2 MiB pages on a mapping of at least that size: a million-value column then takes 4 page faults
    /// instead of 2,000 (on a virtual machine each 4 KiB fault was measured at about 13 µs, 0.5 s for 160 MB of
    /// columns). A column's resident size then rounds up to 2 MiB instead of 4 KiB. Advice only: ignored where
    /// transparent huge pages are off.
    /// </summary>
    private static void* HugePages(void* p, nuint bytes)
    {
        if (bytes >= HugePageBytes)
        {
            _ = madvise(p, bytes, MadviseHugePage);
        }

        return p;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int madvise(void* address, nuint length, int advice);

    [DllImport("libc", SetLastError = true)]
    private static extern void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", SetLastError = true)]
    private static extern void* mremap(void* oldAddress, nuint oldLength, nuint newLength, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int munmap(void* address, nuint length);
}
