using System.CommandLine;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Administration;

/// <summary>The shared signing options (<c>--signing-cert</c>, <c>--signing-key</c>, <c>--signing-password-env</c>), loaded as <c>export</c> loads them.</summary>
internal sealed class SignerOptions(string purpose, bool required)
{
    public Option<string?> Certificate { get; } = new("--signing-cert") { Description = $"The certificate to sign with ({purpose}): PKCS #12 (.pfx) or PEM.", Required = required };

    public Option<string?> Key { get; } = new("--signing-key") { Description = "The PEM private key, when --signing-cert is a PEM certificate without its key." };

    public Option<string?> PasswordVariable { get; } = new("--signing-password-env") { Description = "The environment variable holding the PFX or key password (never typed on the command line)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Certificate);
        command.Options.Add(Key);
        command.Options.Add(PasswordVariable);
    }

    /// <summary>The signer, or <see langword="null"/> when no <c>--signing-cert</c> was given.</summary>
    /// <exception cref="UsageException">A file is missing, the password variable is unset, or the key cannot be loaded.</exception>
    public X509CertificateSigner? Load(ParseResult parse) =>
        parse.GetValue(Certificate) is { } path ? CheckpointSigners.Load(path, parse.GetValue(Key), parse.GetValue(PasswordVariable)) : null;
}
