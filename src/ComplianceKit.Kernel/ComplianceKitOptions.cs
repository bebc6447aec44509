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

    /// <summary>
    /// The organisation's administration root(s), PEM text, pinned when the ledger was created and kept outside the
    /// database (<c>compliancekit init</c> writes it next to the ledger). Administrative entries (trust anchors, role
    /// grants, gate definitions) count only when an administrator whose certificate chains to it signed them.
    /// </summary>
    public string? AdministrationRootPem { get; set; }

    /// <summary>
    /// The weaker mode, for ledgers made before signed administration: unsigned administrative entries count, so anyone
    /// who can append can add a trust anchor, grant a role or define a gate. Off by default.
    /// </summary>
    public bool AllowUnsignedAdministration { get; set; }
}
