using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ComplianceKit.Hashing;

/// <summary>
/// SHA-256 of short inputs straight from the OpenSSL library .NET itself uses on Linux, through its
/// <c>SHA256_Init/Update/Final</c> on a stack context. .NET's own wrapper costs about 400 ns a hash
/// (it clears OpenSSL's error queue and resets an EVP context on every call), which for the 40-200 byte
/// inputs of entries and Merkle nodes is three to seven times the hashing itself; verification hashes four
/// such inputs per entry. The bytes are the same; only the per-call work differs.
/// </summary>
/// <remarks>
/// Used only when all of these hold, checked once: the process runs on Linux; the library of the version .NET
/// reports (<see cref="SafeEvpPKeyHandle.OpenSslVersion"/>) loads and reports that same version; OpenSSL is not
/// in FIPS mode (there the hash must come from the FIPS provider, as .NET's path gets it); and the library hashes
/// the FIPS 180-2 test vectors correctly. Otherwise <see cref="IsAvailable"/> is <see langword="false"/> and
/// <see cref="Sha256Digest"/> hashes through .NET. Thread-safe: the context lives on the caller's stack.
/// </remarks>
internal static unsafe class OpenSslSha256
{
    // sizeof(SHA256_CTX) is 112 bytes in OpenSSL 1.1 and 3.x; the margin costs nothing on the stack.
    private const int ContextSize = 256;

    // Inputs at most this long hash without a GC transition (a few hundred nanoseconds at most), longer ones with it. Init
    // (a few stores) and Final (one or two blocks) are as short, so they never take one: a transition costs more than the work.
    private const int ShortInput = 4096;

    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> Init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> UpdateShort;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> Final;

    static OpenSslSha256()
    {
        if (Bind() is not { } library)
        {
            return;
        }

        Init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)NativeLibrary.GetExport(library, "SHA256_Init");
        Update = (delegate* unmanaged<byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "SHA256_Update");
        UpdateShort = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)Update;
        Final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)NativeLibrary.GetExport(library, "SHA256_Final");
        IsAvailable = SelfTest();
    }

    /// <summary>Whether the OpenSSL path is in use (see the remarks for when it is).</summary>
    public static bool IsAvailable { get; }

    /// <summary>Hashes the concatenation of up to three parts into <paramref name="destination"/> (at least 32 bytes).</summary>
    /// <exception cref="CryptographicException">OpenSSL reported a failure (it never does for SHA-256 in memory).</exception>
    public static void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, Span<byte> destination)
    {
        if (destination.Length < Sha256Digest.Size)
        {
            throw new ArgumentException($"The destination must hold {Sha256Digest.Size} bytes.", nameof(destination));
        }

        var context = stackalloc byte[ContextSize];
        fixed (byte* a = first, b = second, c = third, output = destination)
        {
            var ok = Init(context) == 1
                && Append(context, a, first.Length)
                && Append(context, b, second.Length)
                && Append(context, c, third.Length)
                && Final(output, context) == 1;
            if (!ok)
            {
                throw new CryptographicException("OpenSSL's SHA-256 failed.");
            }
        }
    }

    private static bool Append(byte* context, byte* data, int length) =>
        length == 0 || (length <= ShortInput ? UpdateShort(context, data, (nuint)length) : UpdateLong(context, data, length)) == 1;

    // Kept out of Append and Hash: a method that holds a call with a GC transition sets up its transition frame in its prologue on
    // every call (a runtime helper and a thread-local lookup), which would cost the short inputs more than their hashing.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int UpdateLong(byte* context, byte* data, int length) => Update(context, data, (nuint)length);

    /// <summary>The library .NET uses, if this process may hash with it directly; otherwise <see langword="null"/>.</summary>
    private static nint? Bind()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var version = SafeEvpPKeyHandle.OpenSslVersion;
            var name = (version >> 28) switch
            {
                3 => "libcrypto.so.3",
                1 when ((version >> 20) & 0xFF) == 1 => "libcrypto.so.1.1",
                _ => null,
            };

            // dlopen of the soname .NET loaded returns that same library; a different build would report another version.
            if (name is null || !NativeLibrary.TryLoad(name, out var library)
                || !NativeLibrary.TryGetExport(library, "OpenSSL_version_num", out var versionNumber)
                || (long)((delegate* unmanaged<nuint>)versionNumber)() != version
                || !NativeLibrary.TryGetExport(library, "SHA256_Init", out _)
                || !NativeLibrary.TryGetExport(library, "SHA256_Update", out _)
                || !NativeLibrary.TryGetExport(library, "SHA256_Final", out _))
            {
                return null;
            }

            // In FIPS mode digests must come from the FIPS provider; .NET's EVP path gets them there.
            if (NativeLibrary.TryGetExport(library, "EVP_default_properties_is_fips_enabled", out var fips)
                && ((delegate* unmanaged<nint, int>)fips)(0) != 0)
            {
                return null;
            }

            return library;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException or CryptographicException or TypeInitializationException)
        {
            return null;
        }
    }

    /// <summary>FIPS 180-2's vectors, one and two blocks, split across parts as callers split them.</summary>
    private static bool SelfTest()
    {
        Span<byte> digest = stackalloc byte[Sha256Digest.Size];
        Hash("a"u8, "b"u8, "c"u8, digest);
        if (!digest.SequenceEqual(Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")))
        {
            return false;
        }

        Hash("abcdbcdecdefdefgefghfghighijhijk"u8, "ijkljklmklmnlmnomnopnopq"u8, [], digest);
        return digest.SequenceEqual(Convert.FromHexString("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    }
}
