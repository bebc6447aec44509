using ComplianceKit.Administration;
using ComplianceKit.Checklists;
namespace ComplianceKit.Import;

/// <summary>
/// Recognizes items that name the programme's own records: business associate agreements with named vendors ("BAAs signed
/// with: A, B", or the vendors as nested items), workforce HIPAA training, and the PHI access trail. Pure.
/// </summary>
internal static class ChecklistBindingReader
{
    private static readonly string[] BaaPhrases = ["baa", "baas", "business associate agreement", "business associate agreements", "business associate agreement s"];

    private static readonly string[] ListLeads = [" with:", " with ", " for:", " for ", ":"];

    private static readonly string[] TrainingAudiences =
    [
        "hipaa", "security awareness", "privacy", "workforce", "employee", "employees", "staff", "compliance", "phi handling",
    ];

    private static readonly string[] CompletionWords =
    [
        "completed", "complete", "done", "current", "up to date", "trained", "finished", "passed", "attested",
    ];

    private static readonly string[] TrailPhrases =
    [
        "audit log", "audit logs", "audit logging", "audit logged", "access log", "access logs", "access logging", "access logged",
        "access is logged", "audit trail", "access trail", "audited",
    ];

    private static readonly string[] PhiWords = ["phi", "ephi", "patient", "patients", "health", "medical", "all access", "record access", "records"];

    private static readonly string[] GenericVendorWords =
    [
        "provider", "vendor", "service", "services", "platform", "hosting", "host", "gateway", "processor", "tool", "partner", "cloud",
        "email", "sms", "ai", "llm", "storage", "database", "analytics", "crm", "payments", "payment",
    ];

    private static readonly string[] ConditionalWords = ["if applicable", "optional", "tbd", "if used", "if needed", "where applicable", "n a", "to be confirmed"];

    private static readonly string[] StatusTail = [" signed", " executed", " in place", " in force", " done", " completed", " on file", " obtained"];

    /// <summary>What an item is bound to, from its own text; vendors come from the text after "with", or else from its nested items.</summary>
    internal static (GateRequirementKind Kind, IReadOnlyList<VendorName> Vendors)? Read(ChecklistItem item, IReadOnlyList<ChecklistItem> children)
    {
        var text = ChecklistWording.Plain(item.Text);
        var normalized = ChecklistWording.Normalize(text);
        if (ChecklistWording.Find(normalized, BaaPhrases) is not null && (text.Contains(" with", StringComparison.OrdinalIgnoreCase)
            || text.Contains(':', StringComparison.Ordinal) || children.Count > 0))
        {
            var vendors = VendorsAfterLead(text);
            if (vendors.Count == 0)
            {
                vendors = children.Select(c => VendorOf(ChecklistWording.Plain(c.Text))).ToList();
            }

            return vendors.Count == 0 ? null : (GateRequirementKind.BaaInForce, vendors);
        }

        if (normalized.Contains(" training ", StringComparison.Ordinal) && ChecklistWording.Find(normalized, TrainingAudiences) is not null
            && ChecklistWording.Find(normalized, CompletionWords) is not null)
        {
            return (GateRequirementKind.TrainingCurrent, []);
        }

        if (ChecklistWording.Find(normalized, TrailPhrases) is not null && ChecklistWording.Find(normalized, PhiWords) is not null)
        {
            return (GateRequirementKind.AccessTrail, []);
        }

        return null;
    }

    /// <summary>A nested item of a BAA list ("Email provider (Resend)"), read as the vendor it names.</summary>
    internal static VendorName VendorOf(string text)
    {
        var trimmed = text.Trim().TrimEnd('.', ';', ',', ':').Trim();
        foreach (var tail in StatusTail)
        {
            trimmed = trimmed.EndsWith(tail, StringComparison.OrdinalIgnoreCase) ? trimmed[..^tail.Length].TrimEnd() : trimmed;
        }

        // A link's text may name the vendor ("Email provider [Resend](https://...)", "[Twilio](https://...)").
        var inner = ChecklistWording.Parentheticals(trimmed);
        var paren = trimmed.IndexOfAny(['(', '[']);
        var outer = paren <= 0 ? ChecklistWording.WithoutLinks(trimmed) : trimmed[..paren].Trim();
        var innerText = inner.Count == 0 ? null : inner[0].Trim();
        if (innerText is not null && ChecklistWording.Find(ChecklistWording.Normalize(innerText), ConditionalWords) is { } condition)
        {
            return new VendorName(outer, null, $"'{condition}': no vendor is named");
        }

        var outerIsGeneric = ChecklistWording.Normalize(outer).Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(GenericVendorWords.Contains);
        return innerText is { Length: > 0 } && outerIsGeneric
            ? new VendorName(innerText, outer, null)
            : new VendorName(outer, null, null);
    }

    private static List<VendorName> VendorsAfterLead(string text)
    {
        foreach (var lead in ListLeads)
        {
            var at = text.IndexOf(lead, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            var list = text[(at + lead.Length)..].Trim();
            if (list.Length == 0)
            {
                return [];
            }

            return SplitList(list).Select(VendorOf).Where(v => v.Name.Length > 0).ToList();
        }

        return [];
    }

    // "A, B and C" / "A; B & C": parentheses keep their commas.
    private static List<string> SplitList(string list)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= list.Length; i++)
        {
            if (i < list.Length && list[i] is '(' or '[')
            {
                depth++;
            }
            else if (i < list.Length && list[i] is ')' or ']')
            {
                depth = Math.Max(0, depth - 1);
            }

            var and = i < list.Length && depth == 0 && (At(list, i, " and ") || At(list, i, " & "));
            if (i == list.Length || (depth == 0 && list[i] is ',' or ';') || and)
            {
                parts.Add(list[start..i]);
                start = i + (and ? (At(list, i, " and ") ? 5 : 3) : 1);
                i = start - 1;
            }
        }

        return parts.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
    }

    private static bool At(string text, int index, string word) =>
        string.Compare(text, index, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0;
}
