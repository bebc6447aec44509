using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace ComplianceKit.Pkcs11;

/// <summary>
/// One loaded, initialised PKCS #11 module per path in the process, shared by every signer on it: a module is
/// initialised once (C_Initialize) and finalised (C_Finalize) when the last signer using it is disposed.
/// </summary>
internal sealed class Pkcs11Module
{
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    private int references;

    private Pkcs11Module(string path, IPkcs11Library library)
    {
        Path = path;
        Library = library;
        Factories = library.Factories;
    }

    public string Path { get; }

    public IPkcs11Library Library { get; }

    public Pkcs11InteropFactories Factories { get; }

    /// <exception cref="Pkcs11SignerException">The module cannot be loaded or initialised.</exception>
    public static Pkcs11Module Acquire(string path)
    {
        NativeLoader.EnsureRegistered();
        var fullPath = System.IO.Path.GetFullPath(path);
        lock (Gate)
        {
            if (!Loaded.TryGetValue(fullPath, out var module))
            {
                if (!File.Exists(fullPath))
                {
                    throw new Pkcs11SignerException(Pkcs11SignerError.ModuleNotLoaded, $"The PKCS #11 module '{fullPath}' does not exist.");
                }

                IPkcs11Library library;
                try
                {
                    var factories = new Pkcs11InteropFactories();
                    library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, fullPath, AppType.MultiThreaded);
                }
                catch (Exception ex) when (ex is Pkcs11Exception or UnmanagedException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
                {
                    throw new Pkcs11SignerException(Pkcs11SignerError.ModuleNotLoaded,
                        $"The PKCS #11 module '{fullPath}' could not be loaded and initialised: {ex.Message}", ex);
                }

                module = new Pkcs11Module(fullPath, library);
                Loaded.Add(fullPath, module);
            }

            module.references++;
            return module;
        }
    }

    /// <summary>Drops one reference; the last one finalises and unloads the module.</summary>
    public void Release()
    {
        lock (Gate)
        {
            if (--references > 0)
            {
                return;
            }

            Loaded.Remove(Path);
            Library.Dispose();
        }
    }
}
