using System.CommandLine;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Pkcs11;

namespace ComplianceKit.Cli.Administration;

/// <summary>
/// The shared signing options, two ways to name a key, exactly one at a time: a file (<c>--signing-cert</c>,
/// <c>--signing-key</c>, <c>--signing-password-env</c>, loaded as <c>export</c> loads them) or a PKCS #11 token
/// (<c>--sign-with pkcs11:...</c>, <c>--pkcs11-module</c>, <c>--pin-env</c>), whose key never leaves it.
/// </summary>
internal sealed class SignerOptions(string purpose, bool required)
{
    public Option<string?> Certificate { get; } = new("--signing-cert") { Description = $"The certificate to sign with ({purpose}): PKCS #12 (.pfx) or PEM. Or use --sign-with." };

    public Option<string?> Key { get; } = new("--signing-key") { Description = "The PEM private key, when --signing-cert is a PEM certificate without its key." };

    public Option<string?> PasswordVariable { get; } = new("--signing-password-env") { Description = "The environment variable holding the PFX or key password (never typed on the command line)." };

    public Option<string?> SignWith { get; } = new("--sign-with") { Description = $"An RFC 7512 pkcs11: URI naming the key on a smart card or HSM ({purpose}), instead of --signing-cert; the certificate is read from the token." };

    public Option<string?> Module { get; } = new("--pkcs11-module") { Description = "The PKCS #11 module (.so) for --sign-with, unless the URI has module-path=." };

    public Option<string?> PinVariable { get; } = new("--pin-env") { Description = "The environment variable holding the token's user PIN, for --sign-with (never typed on the command line)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Certificate);
        command.Options.Add(Key);
        command.Options.Add(PasswordVariable);
        command.Options.Add(SignWith);
        command.Options.Add(Module);
        command.Options.Add(PinVariable);
    }

    /// <summary>Whether a key was named, either way (checked for consistency first).</summary>
    /// <exception cref="UsageException">Both ways, or options of one way without its main option, or none when required.</exception>
    public bool IsGiven(ParseResult parse)
    {
        var file = parse.GetValue(Certificate) is not null;
        var token = parse.GetValue(SignWith) is not null;
        if (file && token)
        {
            throw new UsageException("give --signing-cert or --sign-with, not both: one key signs.");
        }

        if (!file && (parse.GetValue(Key) is not null || parse.GetValue(PasswordVariable) is not null))
        {
            throw new UsageException("--signing-key and --signing-password-env need --signing-cert.");
        }

        if (!token && (parse.GetValue(Module) is not null || parse.GetValue(PinVariable) is not null))
        {
            throw new UsageException("--pkcs11-module and --pin-env need --sign-with pkcs11:....");
        }

        return file || token || (required
            ? throw new UsageException($"name the key to sign with ({purpose}): --signing-cert <pfx|pem> or --sign-with pkcs11:<uri> --pin-env <VAR>.")
            : false);
    }

    /// <summary>The files the signing options read (so no output replaces them).</summary>
    public IEnumerable<string?> InputFiles(ParseResult parse) => [parse.GetValue(Certificate), parse.GetValue(Key), parse.GetValue(Module)];

    /// <summary>The signer, or <see langword="null"/> when no key was named (and none is required).</summary>
    /// <exception cref="UsageException">A file is missing, a variable is unset, the key cannot be loaded, or the token, PIN or key is refused.</exception>
    public CliSigner? Load(ParseResult parse)
    {
        if (!IsGiven(parse))
        {
            return null;
        }

        if (parse.GetValue(Certificate) is { } path)
        {
            var file = CheckpointSigners.Load(path, parse.GetValue(Key), parse.GetValue(PasswordVariable));
            return new CliSigner(file, file);
        }

        var uri = parse.GetValue(SignWith)!;
        var pinVariable = parse.GetValue(PinVariable) ?? throw new UsageException("--sign-with needs --pin-env <VAR>, the environment variable holding the token's PIN.");
        try
        {
            var token = Pkcs11Signer.Open(new Pkcs11SignerOptions { Uri = uri, ModulePath = parse.GetValue(Module), PinEnvironmentVariable = pinVariable });
            return new CliSigner(token, token);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--sign-with: {ex.Message}");
        }
        catch (Pkcs11SignerException ex) when (ex.Error == Pkcs11SignerError.Configuration)
        {
            throw new UsageException($"--sign-with: {ex.Message} (use --pkcs11-module and --pin-env).");
        }
        catch (Pkcs11SignerException ex)
        {
            throw new UsageException($"--sign-with ({ex.Error}): {ex.Message}");
        }
    }
}
