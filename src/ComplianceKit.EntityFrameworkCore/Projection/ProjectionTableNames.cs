namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>The tables of the compliance projection, in the schema the host chooses. Every row is rebuilt from the verified ledger.</summary>
public static class ProjectionTableNames
{
    /// <summary>Controls.</summary>
    public const string Controls = "ck_controls";

    /// <summary>Evidence requirements of controls.</summary>
    public const string EvidenceRequirements = "ck_control_evidence_requirements";

    /// <summary>Evidence.</summary>
    public const string Evidence = "ck_evidence";

    /// <summary>Vendors.</summary>
    public const string Vendors = "ck_vendors";

    /// <summary>Business associate agreements.</summary>
    public const string Agreements = "ck_baas";

    /// <summary>Workforce members.</summary>
    public const string Workforce = "ck_workforce";

    /// <summary>Training assignments.</summary>
    public const string Training = "ck_training";

    /// <summary>One row per chain: the ledger size and root the projection was built from.</summary>
    public const string Heads = "ck_projection_heads";
}
