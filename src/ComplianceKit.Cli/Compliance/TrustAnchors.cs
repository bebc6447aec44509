using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Cli.Compliance;

/// <summary>The certificates approvals must chain to: the <c>--trust</c> files, or else the ledger's <c>trust.anchor.added</c> entries an administrator signed.</summary>
internal static class TrustAnchors
{
    public static async Task<(IReadOnlyList<X509Certificate2> Anchors, string Source)> LoadAsync(IReadOnlyList<string> files, VerifiedChain chain,
        AdministrationTrust trust, string trustDescription, Instant at, CancellationToken cancellationToken)
    {
        if (files.Count > 0)
        {
            var anchors = new List<X509Certificate2>();
            foreach (var file in files)
            {
                if (!File.Exists(file))
                {
                    throw new UsageException($"trust anchor file '{file}' does not exist.");
                }

                var collection = new X509Certificate2Collection();
                try
                {
                    collection.ImportFromPemFile(file);
                }
                catch (CryptographicException ex)
                {
                    throw new UsageException($"'{file}' is not a PEM certificate file ({ex.Message}).");
                }

                if (collection.Count == 0)
                {
                    throw new UsageException($"'{file}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
                }

                anchors.AddRange(collection);
            }

            return (anchors, $"--trust ({files.Count} file(s))");
        }

        // Only anchors an administrator signed count (or, in the weaker mode, unsigned ones too).
        var administration = await AdministrativeState.ReadAsync(chain, trust, cancellationToken).ConfigureAwait(false);
        var recorded = new List<X509Certificate2>();
        foreach (var anchor in administration.TrustAnchorsAt(at))
        {
            try
            {
                recorded.Add(anchor.ToCertificate());
            }
            catch (FormatException)
            {
                // a malformed anchor entry anchors nothing
            }
        }

        return (recorded, $"the ledger ({recorded.Count} trust anchor(s) in effect, {trustDescription})");
    }
}
