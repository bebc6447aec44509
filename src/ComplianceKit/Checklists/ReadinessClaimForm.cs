namespace ComplianceKit.Checklists;

/// <summary>Where in the markdown a declared readiness figure was written.</summary>
public enum ReadinessClaimForm
{
    /// <summary>In running text: "We are 95% ready".</summary>
    Text = 0,

    /// <summary>After a label and a colon, bold or not: "Launch confidence: **92%**", "Confidence: HIGH (92%)".</summary>
    Label = 1,

    /// <summary>A status line led by an emoji: "🟢 70% done".</summary>
    StatusLine = 2,

    /// <summary>In a heading: "## Readiness — 95%".</summary>
    Heading = 3,

    /// <summary>In a table's score or percentage column, or a row labelled as readiness.</summary>
    Table = 4,

    /// <summary>In a checkbox item's text: the item's own figure, never the document's.</summary>
    Item = 5,
}
