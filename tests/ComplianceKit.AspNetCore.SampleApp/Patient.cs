using ComplianceKit.AspNetCore.AccessTrail;

namespace ComplianceKit.AspNetCore.SampleApp;

/// <summary>A patient: PHI, so every read and write of one is in the access trail.</summary>
public sealed class Patient : IPhiRecord
{
    /// <summary>The id.</summary>
    public int Id { get; set; }

    /// <summary>The name.</summary>
    public required string Name { get; set; }

    /// <summary>The ward.</summary>
    public required string Ward { get; set; }

    /// <inheritdoc />
    public string RecordReference => $"patient/{Id}";
}
