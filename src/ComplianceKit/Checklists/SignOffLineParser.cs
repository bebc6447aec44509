using System.Buffers;

namespace ComplianceKit.Checklists;

/// <summary>
/// Recognizes sign-off lines: <c>Role: ____ Date: ____</c> with optional bold, bullets and checkboxes,
/// the same lines once filled in, and rows of sign-off tables. Pure and linear in the line length.
/// </summary>
internal static class SignOffLineParser
{
    private const int MaxRoleLength = 60;
    private const int MaxRoleWords = 6;
    private const int MaxValueLength = 60;

    private static readonly SearchValues<char> NotInRoles = SearchValues.Create("`[]()|<>{}\"");

    // Field labels that may follow the role on the same line; longest first so "Printed Name" wins over "Name".
    private static readonly string[] FieldLabels = ["Printed Name", "Signature", "Initials", "Signed", "Date", "Name", "Time", "Title"];

    // A field label that on its own shows the line is a signature line, even when it has no underscores.
    private static readonly HashSet<string> SignatureFieldLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "Printed Name", "Signature", "Initials", "Signed", "Date", "Name",
    };

    // A label ending in one of these words names a field, not a person who signs ("Deployment Date", "Ticket Number").
    private static readonly HashSet<string> NonRoleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "date", "time", "signature", "signed", "name", "id", "number", "no", "notes", "note", "comments",
        "comment", "initials", "version", "phone", "email", "ticket", "reference", "ref", "title", "role",
        "status", "result", "link", "url", "environment", "location", "duration", "hours", "minutes",
    };

    // "Compliance Officer Signature" and "Security Officer's Name" are sign-offs for the officer named before these words.
    private static readonly HashSet<string> RoleSuffixWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "signature", "name", "initials", "approval",
    };

    // Last words of a label that name a person; used only for filled lines without blanks inside sign-off sections.
    private static readonly HashSet<string> RoleNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "officer", "lead", "manager", "engineer", "administrator", "admin", "director", "owner", "architect",
        "developer", "analyst", "approver", "reviewer", "auditor", "sponsor", "head", "chief", "counsel",
        "coordinator", "specialist", "representative", "supervisor", "signatory", "president",
        "cto", "ciso", "cio", "ceo", "cfo", "coo", "cmo", "cso", "dpo", "vp",
    };

    // Labels of lines that name who wrote or owns the document: never a role that signs.
    private static readonly HashSet<string> AuthorshipLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "prepared by", "author", "authors", "owner", "owners", "document owner", "checklist owner", "doc owner", "written by",
        "created by", "maintained by", "compiled by", "drafted by", "edited by", "updated by", "last updated by", "revised by",
        "originator", "contributors", "contributor",
    };

    // Lower-case words that may stand in a person's name ("Ana de Souza").
    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal)
    {
        "de", "van", "von", "da", "la", "le", "del", "di", "du", "bin", "al", "der", "den", "dos", "das",
    };

    // First words of a value that make it a statement, not a name ("No open findings", "All tests passed").
    private static readonly HashSet<string> StatementStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "no", "all", "none", "zero", "every", "nothing", "confirms", "confirmed", "attests", "verified", "approved",
    };

    // Verbs that may open a sign-off line before the role; longest first so "Signed off by" wins over "Signed".
    private static readonly string[] ActionPrefixes =
    [
        "reviewed and approved by ", "approved and signed by ", "signed off by ", "sign-off by ", "sign off by ", "signoff by ",
        "approved by ", "approval by ", "signed by ", "reviewed by ", "verified by ", "attested by ", "approval - ",
    ];

    // Headers of the role column of a sign-off table, when another column holds the date.
    private static readonly HashSet<string> RoleColumnHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Role", "Approver", "Signatory", "Sign-off", "Signoff",
    };

    /// <summary>Reads a line (list marker and checkbox already removed) as a sign-off, or returns false.</summary>
    internal static bool TryParseLine(string body, bool inSignOffSection, out SignOffFields fields)
    {
        fields = default;
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var text = body.Replace("**", string.Empty, StringComparison.Ordinal);
        colon = text.IndexOf(':', StringComparison.Ordinal);
        var role = WithoutActionPrefix(WithoutFieldSuffix(CleanLabel(text.AsSpan(0, colon))));
        if (!IsPlausibleRole(role))
        {
            return false;
        }

        var rest = text.AsSpan(colon + 1);
        var parsed = SplitFields(role, rest, out var hasSignatureField);
        var roleValue = parsed[0].Value;

        // "Security Lead: No open findings ____" states what the role attests; the blanks after it are where they sign.
        var blankAt = roleValue.IndexOf("___", StringComparison.Ordinal);
        var stated = CleanValue(blankAt < 0 ? roleValue : roleValue[..blankAt]);
        string? attestation = null;
        if (RoleNouns.Contains(LastWord(role)) && IsStatement(stated))
        {
            attestation = stated;
            roleValue = blankAt < 0 ? string.Empty : roleValue[blankAt..];
            parsed[0] = (parsed[0].Label, roleValue);
        }

        var roleValueBlank = IsBlank(roleValue);
        var roleValueLooksLikeName = roleValueBlank
            || (!MarkdownLineSyntax.HasBlank(roleValue) && CleanValue(roleValue).Length <= MaxValueLength);
        var accepted = roleValueLooksLikeName
            && (MarkdownLineSyntax.HasBlank(rest)
                || hasSignatureField
                || (inSignOffSection && (!roleValueBlank || attestation is not null) && RoleNouns.Contains(LastWord(role))));
        if (!accepted)
        {
            return false;
        }

        string? signedBy = null;
        string? date = null;
        for (var i = 0; i < parsed.Count; i++)
        {
            var (label, value) = parsed[i];
            if (IsBlank(value))
            {
                continue;
            }

            if (date is null && i > 0 && label.Equals("Date", StringComparison.OrdinalIgnoreCase))
            {
                date = CleanValue(value);
            }
            else if (signedBy is null && (i == 0 || IsSignerColumn(label)))
            {
                signedBy = CleanValue(value);
            }
        }

        var values = parsed.Select(f => f.Value).Where((v, i) => i > 0 || attestation is null || v.Length > 0);
        fields = new SignOffFields(role, StatusOf(values), signedBy, date, attestation);
        return true;
    }

    /// <summary>
    /// Whether a line (list marker and checkbox removed) names who wrote or owns the document ("Prepared By: ...", "Author: ...",
    /// "Owner: ..."): such a line is never a sign-off role.
    /// </summary>
    internal static bool IsAuthorshipLine(string body)
    {
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var text = body.Replace("**", string.Empty, StringComparison.Ordinal);
        colon = text.IndexOf(':', StringComparison.Ordinal);
        return IsAuthorshipLabel(CleanLabel(text.AsSpan(0, colon)));
    }

    /// <summary>A value is a statement of what is attested when it reads as a sentence: "No open findings", "Backups verified".</summary>
    internal static bool IsStatement(string value)
    {
        var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || value.Any(char.IsDigit))
        {
            return false;
        }

        return StatementStarts.Contains(words[0].Trim('*', '_', '.', ','))
            || words.Skip(1).Any(w => w.Length > 0 && char.IsLower(w[0]) && !NameParticles.Contains(w));
    }

    /// <summary>Reads a table row as a sign-off: a role cell followed by blank cells, or any data row of a sign-off table.</summary>
    internal static bool TryParseTableRow(
        List<string> cells, IReadOnlyList<string>? header, out SignOffFields fields, out bool? isChecked)
    {
        fields = default;
        isChecked = null;
        var roleIndex = -1;
        for (var i = 0; i < cells.Count && roleIndex < 0; i++)
        {
            if (MarkdownLineSyntax.TryParseCheckbox(cells[i], out var ticked, out var rest, out _) && rest.Length == 0)
            {
                isChecked = ticked;
            }
            else if (cells[i].Length > 0)
            {
                roleIndex = i;
            }
        }

        if (roleIndex < 0 || roleIndex == cells.Count - 1)
        {
            return false;
        }

        var role = WithoutActionPrefix(WithoutFieldSuffix(CleanLabel(cells[roleIndex].Replace("**", string.Empty, StringComparison.Ordinal).AsSpan().TrimEnd(':'))));
        var values = cells.Skip(roleIndex + 1).ToList();
        var isSignOffTable = header is not null && IsSignOffHeader(header, roleIndex);
        if (!IsPlausibleRole(role) || !(isSignOffTable || values.Any(v => MarkdownLineSyntax.HasBlank(v))))
        {
            return false;
        }

        string? signedBy = null;
        string? date = null;
        string? attestation = null;
        for (var i = roleIndex + 1; i < cells.Count; i++)
        {
            var column = header is not null && i < header.Count ? header[i] : string.Empty;
            if (IsBlank(cells[i]))
            {
                continue;
            }

            if (attestation is null && (column.Contains("attest", StringComparison.OrdinalIgnoreCase) || column.Contains("statement", StringComparison.OrdinalIgnoreCase)
                || column.Contains("confirm", StringComparison.OrdinalIgnoreCase)))
            {
                attestation = CleanValue(cells[i]);
                values.Remove(cells[i]);
            }
            else if (date is null && column.Contains("date", StringComparison.OrdinalIgnoreCase))
            {
                date = CleanValue(cells[i]);
            }
            else if (signedBy is null && (column.Length == 0 || IsSignerColumn(column)))
            {
                signedBy = CleanValue(cells[i]);
            }
        }

        fields = new SignOffFields(role, StatusOf(values), signedBy, date, attestation);
        return true;
    }

    /// <summary>A value is blank when nothing is left after removing underscores, separators and <c>[placeholders]</c>.</summary>
    internal static bool IsBlank(string value)
    {
        var depth = 0;
        foreach (var c in value)
        {
            if (c is '[' or '<')
            {
                depth++;
            }
            else if (c is ']' or '>')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0 && !char.IsWhiteSpace(c) && c is not ('_' or '-' or '/' or '.' or '*' or '|' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    private static List<(string Label, string Value)> SplitFields(string role, ReadOnlySpan<char> rest, out bool hasSignatureField)
    {
        var fields = new List<(string Label, string Value)>();
        hasSignatureField = false;
        var currentLabel = role;
        var valueStart = 0;
        for (var colon = 0; colon < rest.Length; colon++)
        {
            if (rest[colon] != ':' || !TryMatchFieldLabelBefore(rest, colon, out var labelStart, out var label))
            {
                continue;
            }

            fields.Add((currentLabel, rest[valueStart..labelStart].ToString()));
            currentLabel = label;
            valueStart = colon + 1;
            hasSignatureField |= SignatureFieldLabels.Contains(label);
        }

        fields.Add((currentLabel, rest[valueStart..].ToString()));
        return fields;
    }

    private static bool TryMatchFieldLabelBefore(ReadOnlySpan<char> text, int colon, out int labelStart, out string label)
    {
        var end = colon;
        while (end > 0 && text[end - 1] == ' ')
        {
            end--;
        }

        foreach (var candidate in FieldLabels)
        {
            var start = end - candidate.Length;
            if (start >= 0
                && text[start..end].Equals(candidate, StringComparison.OrdinalIgnoreCase)
                && (start == 0 || !char.IsLetterOrDigit(text[start - 1])))
            {
                labelStart = start;
                label = candidate;
                return true;
            }
        }

        labelStart = -1;
        label = string.Empty;
        return false;
    }

    private static SignOffStatus StatusOf(IEnumerable<string> values)
    {
        var blank = 0;
        var filled = 0;
        foreach (var value in values)
        {
            if (IsBlank(value))
            {
                blank++;
            }
            else
            {
                filled++;
            }
        }

        return filled == 0 ? SignOffStatus.Blank : blank == 0 ? SignOffStatus.Filled : SignOffStatus.PartiallyFilled;
    }

    private static bool IsSignOffHeader(IReadOnlyList<string> header, int roleIndex)
    {
        var hasSignature = header.Any(h =>
            h.Contains("signature", StringComparison.OrdinalIgnoreCase)
            || h.Contains("signed", StringComparison.OrdinalIgnoreCase)
            || h.Contains("sign-off", StringComparison.OrdinalIgnoreCase)
            || h.Contains("signoff", StringComparison.OrdinalIgnoreCase)
            || h.Contains("initials", StringComparison.OrdinalIgnoreCase));
        var roleColumn = roleIndex < header.Count ? header[roleIndex].Replace("**", string.Empty, StringComparison.Ordinal).Trim() : string.Empty;
        var roleColumnWithDate = RoleColumnHeaders.Contains(roleColumn)
            && header.Any(h => h.Contains("date", StringComparison.OrdinalIgnoreCase));
        return hasSignature || roleColumnWithDate;
    }

    private static bool IsSignerColumn(string label) =>
        label.Contains("name", StringComparison.OrdinalIgnoreCase)
        || label.Contains("sign", StringComparison.OrdinalIgnoreCase)
        || label.Contains("approver", StringComparison.OrdinalIgnoreCase)
        || label.Contains("initials", StringComparison.OrdinalIgnoreCase);

    private static string CleanLabel(ReadOnlySpan<char> label)
    {
        label = label.Trim();

        // Leading emoji or symbols ("✍️ Compliance Officer") are decoration, not part of the role.
        var start = 0;
        while (start < label.Length && !char.IsLetterOrDigit(label[start]))
        {
            start++;
        }

        return label[start..].Trim().Trim("*_").Trim().ToString();
    }

    private static string CleanValue(string value) => value.AsSpan().Trim().Trim("_*").Trim().ToString();

    private static string WithoutFieldSuffix(string label)
    {
        var last = LastWord(label);
        if (!RoleSuffixWords.Contains(last))
        {
            return label;
        }

        var prefix = label.AsSpan(0, label.LastIndexOf(last, StringComparison.Ordinal)).TrimEnd();
        if (prefix.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || prefix.EndsWith("\u2019s", StringComparison.OrdinalIgnoreCase))
        {
            prefix = prefix[..^2];
        }

        var role = prefix.TrimEnd(" -").ToString();
        return role.Length > 0 && RoleNouns.Contains(LastWord(role)) ? role : label;
    }

    // "Approved by Compliance Officer: ____" is signed by the Compliance Officer; the verb is not part of the role.
    private static string WithoutActionPrefix(string role)
    {
        foreach (var prefix in ActionPrefixes)
        {
            if (role.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && role.Length > prefix.Length
                && RoleNouns.Contains(LastWord(role)))
            {
                return role[prefix.Length..].TrimStart();
            }
        }

        return role;
    }

    private static bool IsPlausibleRole(string role)
    {
        if (role.Length is < 2 or > MaxRoleLength || role.AsSpan().IndexOfAny(NotInRoles) >= 0)
        {
            return false;
        }

        var words = role.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= MaxRoleWords
            && role.Any(char.IsLetter)
            && !NonRoleWords.Contains(LastWord(role))
            && !LastWord(role).Equals("by", StringComparison.OrdinalIgnoreCase)
            && !IsAuthorshipLabel(role);
    }

    private static bool IsAuthorshipLabel(string label) =>
        AuthorshipLabels.Contains(string.Join(' ', label.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    private static string LastWord(string label)
    {
        var end = label.Length;
        while (end > 0 && !char.IsLetterOrDigit(label[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && char.IsLetterOrDigit(label[start - 1]))
        {
            start--;
        }

        return label[start..end];
    }
}
