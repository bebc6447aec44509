using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ComplianceKit.Approvals;
using ComplianceKit.Ledger;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Cli.Compliance;

/// <summary>The certificates approvals must chain to: the <c>--trust</c> files, or else the ledger's <c>trust.anchor.added</c> entries.</summary>
internal static class TrustAnchors
{
    public static async Task<(IReadOnlyList<X509Certificate2> Anchors, string Source)> LoadAsync(IReadOnlyList<string> files, VerifiedChain chain,
        Instant at, CancellationToken cancellationToken)
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

        var recorded = new List<X509Certificate2>();
        await foreach (var entry in chain.ReadByTypeAsync([ApprovalEntryTypes.TrustAnchorAdded], cancellationToken).ConfigureAwait(false))
        {
            if (entry.RecordedAt <= at && FromEntry(entry) is { } certificate)
            {
                recorded.Add(certificate);
            }
        }

        return (recorded, $"the ledger ({recorded.Count} trust.anchor.added entr{(recorded.Count == 1 ? "y" : "ies")})");
    }

    private static X509Certificate2? FromEntry(LedgerEntry entry)
    {
        try
        {
            using var payload = JsonDocument.Parse(entry.Payload ?? []);
            return payload.RootElement.TryGetProperty("certificatePem", out var pem) && pem.GetString() is { } text
                ? X509Certificate2.CreateFromPem(text)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or CryptographicException or ArgumentException)
        {
            return null; // a malformed anchor entry anchors nothing
        }
    }
}
