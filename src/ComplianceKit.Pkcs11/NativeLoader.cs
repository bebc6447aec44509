using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;

namespace ComplianceKit.Pkcs11;

/// <summary>
/// Pkcs11Interop imports dlopen from "libdl", a name only development packages provide on current Linux
/// distributions (glibc 2.34+ has dlopen in libc.so.6, and libdl.so.2 is a stub): resolve it to the runtime library.
/// </summary>
internal static class NativeLoader
{
    private static readonly Lock Gate = new();
    private static bool registered;

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            registered = true;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(Pkcs11Exception).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // The host registered a resolver for Pkcs11Interop already; it wins.
            }
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "libdl" || !OperatingSystem.IsLinux())
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in (string[])["libdl.so", "libdl.so.2", "libc.so.6"])
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
