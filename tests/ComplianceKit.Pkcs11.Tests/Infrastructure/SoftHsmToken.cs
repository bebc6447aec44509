using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Pkcs11.Tests.Infrastructure;

/// <summary>
/// A SoftHSM2 token of its own: a private token folder and softhsm2.conf, initialised with softhsm2-util, keys generated
/// on it and certificates written to it with pkcs11-tool (opensc), as an administrator would. SoftHSM reads
/// SOFTHSM2_CONF when the module is initialised, so <see cref="Activate"/> points the process at this token; tests that
/// use tokens run one at a time and dispose their signers (the module is finalised when the last one goes).
/// </summary>
internal sealed class SoftHsmToken : IDisposable
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private SoftHsmToken(string folder, string label, string pin)
    {
        Folder = folder;
        Label = label;
        Pin = pin;
    }

    public string Folder { get; }

    public string TokenDirectory => Path.Combine(Folder, "tokens");

    public string ConfigPath => Path.Combine(Folder, "softhsm2.conf");

    public string Label { get; }

    public string Pin { get; }

    /// <summary>Initialises a new token labelled <paramref name="label"/> in a new folder and activates it.</summary>
    public static SoftHsmToken Create(string label = "ComplianceKit Test", string pin = "4711-user-pin")
    {
        if (!File.Exists(ModulePath))
        {
            throw new InvalidOperationException($"{ModulePath} is required (Debian package softhsm2; .ci/run installs it).");
        }

        var token = new SoftHsmToken(Directory.CreateTempSubdirectory("compliancekit-softhsm-").FullName, label, pin);
        Directory.CreateDirectory(token.TokenDirectory);
        File.WriteAllText(token.ConfigPath, $"directories.tokendir = {token.TokenDirectory}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        token.Run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "so-" + pin, "--pin", pin);
        token.Activate();
        return token;
    }

    /// <summary>Points this process's SoftHSM (at its next initialisation) at this token's folder.</summary>
    public void Activate()
    {
        // .NET keeps its own copy of the environment on Unix; SoftHSM reads the C library's with getenv.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", ConfigPath);
        if (SetEnvironment("SOFTHSM2_CONF\0"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(ConfigPath + "\0"), 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed.");
        }
    }

    /// <summary>Generates a key pair on the token (<c>rsa:2048</c>, <c>EC:prime256v1</c>) and returns its public key.</summary>
    public PublicKey GenerateKeyPair(string keyType, string idHex, string label)
    {
        Tool("--keypairgen", "--key-type", keyType, "--id", idHex, "--label", label, "--usage-sign");
        var file = Path.Combine(Folder, $"{idHex}.pub.der");
        Tool("--read-object", "--type", "pubkey", "--id", idHex, "--output-file", file);
        return PublicKey.CreateFromSubjectPublicKeyInfo(File.ReadAllBytes(file), out _);
    }

    /// <summary>Writes <paramref name="certificate"/> onto the token with the key pair's id and label.</summary>
    public void WriteCertificate(X509Certificate2 certificate, string idHex, string label)
    {
        var file = Path.Combine(Folder, $"{idHex}.{label}.cert.der");
        File.WriteAllBytes(file, certificate.RawData);
        Tool("--write-object", file, "--type", "cert", "--id", idHex, "--label", label);
    }

    /// <summary>A URI for the key with <paramref name="idHex"/> on this token.</summary>
    public string Uri(string idHex) => $"pkcs11:token={System.Uri.EscapeDataString(Label)};id=%{string.Join("%", Enumerable.Range(0, idHex.Length / 2).Select(i => idHex.Substring(i * 2, 2)))}";

    /// <summary>Options for the key with <paramref name="idHex"/>, the PIN from <paramref name="pinVariable"/> (set here).</summary>
    public Pkcs11SignerOptions Options(string idHex, string pinVariable = "CK_TEST_TOKEN_PIN")
    {
        Environment.SetEnvironmentVariable(pinVariable, Pin);
        return new Pkcs11SignerOptions { Uri = Uri(idHex), ModulePath = ModulePath, PinEnvironmentVariable = pinVariable };
    }

    /// <summary>Removes the token's own folder inside the token directory: the token is gone, as a card pulled from its reader.</summary>
    public void RemoveTokenDirectory()
    {
        foreach (var folder in Directory.GetDirectories(TokenDirectory))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment(byte[] name, byte[] value, int overwrite);

    private void Tool(params string[] arguments) =>
        Run("pkcs11-tool", ["--module", ModulePath, "--token-label", Label, "--login", "--pin", Pin, .. arguments]);

    private void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["SOFTHSM2_CONF"] = ConfigPath;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (Debian packages softhsm2 and opensc).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {Timeout}.");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}: {stdout.Result} {stderr.Result}");
        }
    }
}
