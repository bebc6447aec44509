using ComplianceKit.Administration;

namespace ComplianceKit.Gates;

/// <summary>Why a gate is blocked.</summary>
public enum GateBlockerKind
{
    /// <summary>No valid, authorized, current approval for a required role.</summary>
    RoleMissing,

    /// <summary>An authorized signer rejected the subject.</summary>
    Rejected,

    /// <summary>A valid signature by a certificate not granted the role at signing time (never granted, or revoked).</summary>
    SignerNotAuthorized,

    /// <summary>A signature that does not verify (math, content, chain to the anchors, revocation, key usage, malformed).</summary>
    SignatureInvalid,

    /// <summary>The signer's certificate was expired or not yet valid at the claimed signing time.</summary>
    CertificateExpiredAtSigning,

    /// <summary>The approval was for another artifact than the gate now requires, or the signer withdrew it.</summary>
    ApprovalSuperseded,

    /// <summary>The statement names a ledger head that is not the chain's tree head at that size, or a time that differs from the signature's.</summary>
    StatementMismatch,

    /// <summary>A required control has no current evidence.</summary>
    ControlEvidenceMissing,

    /// <summary>A control bound to programme records (a BAA in force, training, the access trail) is not satisfied by them.</summary>
    RequirementUnmet,

    /// <summary>
    /// The gate requires timestamped approvals (<see cref="GateDefinition.RequireTimestampedApprovals"/>) and this approval's
    /// signature carries no RFC 3161 timestamp that the time-stamping trust anchors accept.
    /// </summary>
    ApprovalNotTimestamped,
}
