namespace ComplianceKit.Checklists;

/// <summary>How much of a sign-off line has been filled in, from least to most complete.</summary>
public enum SignOffStatus
{
    /// <summary>Every field is still a blank (underscores, empty, or a placeholder such as <c>[Name]</c>).</summary>
    Blank = 0,

    /// <summary>Some fields are filled and some are blank, for example a name without a date.</summary>
    PartiallyFilled = 1,

    /// <summary>Every field holds text. The text is not verified: it is only what someone typed.</summary>
    Filled = 2,
}
