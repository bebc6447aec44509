namespace ComplianceKit.Administration;

/// <summary>What a required role attests when approving a gate, as the checklist stated it ("No open findings").</summary>
public sealed record RoleAttestation
{
    /// <summary>The role, one of the gate's required roles.</summary>
    public required string Role { get; init; }

    /// <summary>The statement the role attests; shown to the signer when they approve.</summary>
    public required string Statement { get; init; }
}
