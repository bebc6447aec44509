using System.CommandLine;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Compliance;

/// <summary>
/// The signing options every signing command shares (<c>--signing-cert</c>, <c>--signing-key</c>, <c>--signing-password-env</c>):
/// one name for "the key to sign with" everywhere; the password only ever from an environment variable.
/// </summary>
internal sealed class SigningOptions
{
    public SigningOptions(bool required, string purpose)
    {
        Certificate = new Option<string?>("--signing-cert") { Description = $"The certificate to sign {purpose} with: PKCS #12 (.pfx) or PEM.", Required = required };
        Key = new Option<string?>("--signing-key") { Description = "The PEM private key, when --signing-cert is a PEM certificate without its key." };
        PasswordVariable = new Option<string?>("--signing-password-env") { Description = "The environment variable holding the PFX or key password (never typed on the command line)." };
    }

    public Option<string?> Certificate { get; }

    public Option<string?> Key { get; }

    public Option<string?> PasswordVariable { get; }

    public IEnumerable<Option> All => [Certificate, Key, PasswordVariable];

    /// <summary>Whether a signing certificate was given.</summary>
    public bool IsGiven(ParseResult parse) => parse.GetValue(Certificate) is not null;

    /// <summary>Loads the signer; a key option without a certificate is a usage error.</summary>
    /// <exception cref="SignerCertificateRejectedException">The certificate fails the signer policy (a CA, a weak key).</exception>
    public X509CertificateSigner Load(ParseResult parse)
    {
        var certificate = parse.GetValue(Certificate) ?? throw new UsageException("--signing-cert is required to sign.");
        return CheckpointSigners.Load(certificate, parse.GetValue(Key), parse.GetValue(PasswordVariable));
    }

    /// <summary>Refuses a key or password option without a certificate, which would otherwise be ignored silently.</summary>
    public void RequireCertificateWithKeyOptions(ParseResult parse)
    {
        if (!IsGiven(parse) && (parse.GetValue(Key) is not null || parse.GetValue(PasswordVariable) is not null))
        {
            throw new UsageException("--signing-key and --signing-password-env need --signing-cert.");
        }
    }
}
