using ComplianceKit.Anchoring;
using ComplianceKit.Ledger;

namespace ComplianceKit.Cli.Bundles;

/// <summary>The witness co-signatures a chain records in its <c>checkpoint.cosigned</c> entries, by the co-signed checkpoint's tree size.</summary>
internal static class RecordedCosignatures
{
    /// <summary>Reads them from the entries below <paramref name="verifiedSize"/> only: what the verification just judged intact.</summary>
    public static async Task<IReadOnlyDictionary<long, List<byte[]>>> ReadAsync(IComplianceLedger ledger, string chainId, long verifiedSize, CancellationToken cancellationToken)
    {
        var bySize = new Dictionary<long, List<byte[]>>();
        await foreach (var entry in ledger.ReadByTypeAsync(chainId, [CheckpointEntryTypes.Cosigned], cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence >= verifiedSize)
            {
                continue;
            }

            CheckpointCosignedPayload payload;
            try
            {
                payload = CheckpointCosignedPayload.FromEntry(entry);
            }
            catch (FormatException)
            {
                continue; // Counted for nothing; a co-signature that is not there cannot anchor.
            }

            if (!bySize.TryGetValue(payload.TreeSize, out var list))
            {
                bySize[payload.TreeSize] = list = [];
            }

            foreach (var cosignature in payload.Cosignatures)
            {
                try
                {
                    list.Add(Convert.FromBase64String(cosignature.Cosignature));
                }
                catch (FormatException)
                {
                    // Likewise: unreadable base64 counts for nothing.
                }
            }
        }

        return bySize;
    }
}
