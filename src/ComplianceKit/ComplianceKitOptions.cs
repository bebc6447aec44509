namespace ComplianceKit;

/// <summary>Settings a host gives ComplianceKit once, at start-up.</summary>
public sealed class ComplianceKitOptions
{
    /// <summary>The organisation whose evidence this is; shown in reports and signed checkpoints.</summary>
    public string Organization { get; set; } = "Unnamed organization";

    /// <summary>The chain used when a call names none.</summary>
    public string DefaultChainId { get; set; } = "default";

    /// <summary>
    /// Whether payloads may carry protected health information. Off by default: payloads whose
    /// property names or values look like PHI identifiers are refused before anything is written.
    /// </summary>
    public bool AllowPhiInPayloads { get; set; }

    /// <summary>The largest canonical payload accepted, in bytes (default 256 KiB).</summary>
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>The largest number of entries one batch append accepts (default 10,000).</summary>
    public int MaxBatchSize { get; set; } = 10_000;
}
