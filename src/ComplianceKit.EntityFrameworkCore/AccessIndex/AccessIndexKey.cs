namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>Which of an entry's columns a side-index row holds (stored as its number).</summary>
public enum AccessIndexKey
{
    /// <summary>The entry's subject: for an access event, the record's pseudonym ("who accessed record R").</summary>
    Subject = 1,

    /// <summary>The entry's actor: for an access event, the user ("what did user U access").</summary>
    Actor = 2,
}
