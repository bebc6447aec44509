namespace ComplianceKit.Access;

/// <summary>What a person did with a record. Stored in the entry's payload as a camelCase string (<c>"view"</c>).</summary>
public enum AccessAction
{
    /// <summary>The record was read or displayed.</summary>
    View,

    /// <summary>The record was created.</summary>
    Create,

    /// <summary>The record was changed.</summary>
    Update,

    /// <summary>The record was deleted.</summary>
    Delete,

    /// <summary>The record left the system: a download, an API export, a disclosure to another system.</summary>
    Export,

    /// <summary>The record was printed.</summary>
    Print,
}
