namespace ComplianceKit.Checklists;

/// <summary>Why a line of a checklist was not imported.</summary>
public enum SkipReason
{
    /// <summary>Paragraph text outside any checkbox item, including bold labels such as <c>**Notes**:</c>.</summary>
    PlainText = 0,

    /// <summary>A bullet or numbered list entry without a checkbox that is not nested under a checkbox item.</summary>
    ListItemWithoutCheckbox = 1,

    /// <summary>A table row (including header and delimiter rows) that is not a sign-off.</summary>
    TableRow = 2,

    /// <summary>A fence line or content of a fenced code block; checkboxes inside code are never imported.</summary>
    CodeBlock = 3,

    /// <summary>A line inside, or consisting only of, an HTML comment (<c>&lt;!-- --&gt;</c>).</summary>
    HtmlComment = 4,

    /// <summary>A thematic break such as <c>---</c> or <c>***</c>.</summary>
    HorizontalRule = 5,

    /// <summary>
    /// A fill-in blank that is not a role sign-off: <c>Deployment ID: ____</c>, <c>Date: ____</c>, or a line of underscores.
    /// </summary>
    FormField = 6,

    /// <summary>A line naming who wrote or owns the document (<c>Prepared By: ...</c>, <c>Author: ...</c>, <c>Owner: ...</c>): never a sign-off role.</summary>
    Authorship = 7,
}
