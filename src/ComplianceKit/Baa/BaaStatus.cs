namespace ComplianceKit.Baa;

/// <summary>Where an agreement is in its lifecycle at an instant.</summary>
public enum BaaStatus
{
    /// <summary>Drafted, not executed (as recorded by the instant).</summary>
    Draft = 0,

    /// <summary>Executed, but its effective date has not come.</summary>
    Executed = 1,

    /// <summary>In force.</summary>
    Active = 2,

    /// <summary>In force, but it ends within the warning window and does not renew automatically.</summary>
    Expiring = 3,

    /// <summary>Its term ended without automatic renewal.</summary>
    Expired = 4,

    /// <summary>Terminated by a party.</summary>
    Terminated = 5,
}
