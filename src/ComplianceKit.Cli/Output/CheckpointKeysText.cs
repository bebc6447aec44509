using ComplianceKit.CheckpointKeys;

namespace ComplianceKit.Cli.Output;

/// <summary>The text of a chain of checkpoint keys: each key's period, the compromised keys and the rotations ignored (FORMAT.md 13.6).</summary>
internal static class CheckpointKeysText
{
    public static void Write(TextWriter output, IReadOnlyDictionary<string, CheckpointKeyHistory> histories)
    {
        foreach (var (chainId, history) in histories)
        {
            if (history.Keys.Count == 0 && history.Compromises.Count == 0 && history.Findings.Count == 0)
            {
                continue;
            }

            output.WriteLine($"Checkpoint keys of chain '{chainId}':");
            foreach (var key in history.Keys)
            {
                output.WriteLine($"  {key.CertificateSha256}  from {key.From?.ToString() ?? "the start"} until {key.Until?.ToString() ?? "now"}");
            }

            foreach (var (key, from) in history.Compromises)
            {
                output.WriteLine($"  {key}  compromised from {from}: refused unless timestamped earlier");
            }

            foreach (var finding in history.Findings)
            {
                output.WriteLine($"  {finding.Kind}: {finding.Message}");
            }
        }
    }
}
