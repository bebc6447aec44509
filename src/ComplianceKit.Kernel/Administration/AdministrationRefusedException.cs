namespace ComplianceKit.Administration;

/// <summary>An administrative entry was refused before anything was written: its signer is not an administrator under the pinned root.</summary>
public sealed class AdministrationRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AdministrationRefusedException()
    {
    }

    /// <summary>Creates the exception with a message naming the reason.</summary>
    public AdministrationRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public AdministrationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
