using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Pkcs11;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Cli.Administration;

/// <summary>
/// The signer a command loaded from the shared signing options: a PFX/PEM key or a PKCS #11 token. A token that fails
/// while signing (removed, PIN locked meanwhile) is a usage error (exit 2) with the token's one-line message, before
/// anything is written: every command signs before it appends or renames its output into place.
/// </summary>
internal sealed class CliSigner(ICmsSigner inner, IDisposable owner) : ICmsSigner, IDisposable
{
    public X509Certificate2 Certificate => inner.Certificate;

    public async ValueTask<byte[]> SignDetachedAsync(ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.SignDetachedAsync(content, signingTime, cancellationToken).ConfigureAwait(false);
        }
        catch (Pkcs11SignerException ex)
        {
            throw new UsageException($"the PKCS #11 token could not sign ({ex.Error}): {ex.Message}");
        }
    }

    public void Dispose() => owner.Dispose();
}
