using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Files;
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
            return (files.SelectMany(file => CertificateFile.ReadAll(file, "trust anchor file")).ToList(), $"--trust ({files.Count} file(s))");
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
