using ComplianceKit.Administration;
using ComplianceKit.Checklists;
using ComplianceKit.Controls;

namespace ComplianceKit.Import;

/// <summary>
/// Reads how critical an item is and when it is done from the words of its headings, its label line and its own tags.
/// Criticality: the innermost heading or label that says so (must / critical / required / blocker; should / important /
/// recommended; optional / nice to have / can wait / after launch), overridden by a tag in the item itself
/// ("(optional)", "(if applicable)", "[critical]"). Phase: the innermost heading or label that names one (pre-deployment is
/// the release; deploy time, after deployment, the first hours or days, rollout, rollback and reviews are post-deployment).
/// Pure and deterministic.
/// </summary>
internal static class ChecklistClassifier
{
    // Checked first: "non-critical" must not read as "critical".
    private static readonly string[] OptionalPhrases =
    [
        "non critical", "not critical", "not required", "non blocking", "not blocking", "optional", "nice to have", "nice to haves",
        "can wait", "after launch", "could have", "could", "deferred", "defer", "later", "stretch", "if time permits", "low priority",
        "future", "backlog", "p2", "p3", "if applicable", "if needed", "where applicable", "not applicable", "n a", "descoped",
        "de scoped", "out of scope", "not in scope", "wont do", "won t do", "will not do",
    ];

    private static readonly string[] CriticalPhrases =
    [
        "must have", "must haves", "must", "critical", "required", "requirements", "blocker", "blockers", "blocking", "mandatory", "p0",
        "showstopper", "showstoppers", "non negotiable", "hard requirement",
    ];

    private static readonly string[] ImportantPhrases =
    [
        "should have", "should", "important", "recommended", "high priority", "p1",
    ];

    private static readonly string[] ReleasePhrases =
    [
        "pre deployment", "predeployment", "pre deploy", "pre release", "pre launch", "prelaunch", "pre go live", "before deployment",
        "before deploying", "before release", "before launch", "before go live", "prerequisites", "pre flight", "preflight",
    ];

    private static readonly string[] DeployTimePhrases =
    [
        "t 0", "t0", "deploy time", "deployment time", "at deploy", "at deployment", "during deployment", "during release",
        "during the deployment", "deployment process", "deployment execution", "deployment steps", "deployment day", "launch day",
        "release day", "go live day", "cutover", "deployment completed", "deployed by", "completed by",
    ];

    private static readonly string[] PostPhrases =
    [
        "post deployment", "postdeployment", "post deploy", "post release", "post launch", "post go live", "after deployment",
        "after deploying", "after release", "after go live", "after deploy", "post rollback", "rollback", "rollbacks", "roll back",
        "retrospective", "retro", "debrief", "lessons learned", "post mortem", "postmortem", "post incident", "hypercare", "rollout",
        "gradual rollout", "success criteria", "aftercare", "follow up monitoring", "post implementation",
    ];

    private static readonly string[] TimeUnits = ["hour", "hours", "day", "days", "week", "weeks", "month", "months"];

    /// <summary>The criticality a heading, label or tag states, with the phrase that said it; null when it states none.</summary>
    internal static (ControlCriticality Criticality, string Phrase)? CriticalityOf(string text)
    {
        var normalized = ChecklistWording.Normalize(text);
        if (ChecklistWording.Find(normalized, OptionalPhrases) is { } optional)
        {
            return (ControlCriticality.Optional, optional);
        }

        if (ChecklistWording.Find(normalized, CriticalPhrases) is { } critical)
        {
            return (ControlCriticality.Critical, critical);
        }

        return ChecklistWording.Find(normalized, ImportantPhrases) is { } important ? (ControlCriticality.Important, important) : null;
    }

    /// <summary>
    /// The criticality a bold priority marker states (<c>CRITICAL</c>, <c>P0</c>, <c>High</c>): as <see cref="CriticalityOf"/>,
    /// plus the severity scale's own words, which mean nothing alone in a heading: urgent is critical, high and medium
    /// important, low optional.
    /// </summary>
    internal static (ControlCriticality Criticality, string Phrase)? CriticalityOfMarker(string marker)
    {
        if (CriticalityOf(marker) is { } stated)
        {
            return stated;
        }

        var normalized = ChecklistWording.Normalize(marker).Trim();
        return normalized switch
        {
            "urgent" => (ControlCriticality.Critical, normalized),
            "high" or "medium" or "medium priority" => (ControlCriticality.Important, normalized),
            "low" => (ControlCriticality.Optional, normalized),
            _ => null,
        };
    }

    /// <summary>
    /// Why an item is marked as not to be done, or null: its title struck through (<c>~~SMS two-factor~~</c>) or its text
    /// opening with N/A. Such items are shown but never block.
    /// </summary>
    internal static string? NotApplicable(ChecklistItem item)
    {
        if (item.Title.StartsWith("~~", StringComparison.Ordinal) && item.Title.IndexOf("~~", 2, StringComparison.Ordinal) > 2)
        {
            return "the item is struck through";
        }

        var text = item.Text.AsSpan().TrimStart("*_ ");
        var opensWithNa = text.StartsWith("N/A", StringComparison.OrdinalIgnoreCase) && (text.Length == 3 || !char.IsLetterOrDigit(text[3]));
        return opensWithNa ? "the item opens with 'N/A'" : null;
    }

    /// <summary>The phase a heading or label names, with why; null when it names none.</summary>
    internal static (GatePhase Phase, string Why)? PhaseOf(string text)
    {
        var lower = text.ToLowerInvariant();
        var normalized = ChecklistWording.Normalize(text);
        if (TimeOffset(lower) is { } offset)
        {
            return offset < 0 ? (GatePhase.Release, $"'T-{-offset}' is before deployment") : (GatePhase.PostDeployment, offset == 0 ? "'T-0' is deploy time" : $"'T+{offset}' is after deployment");
        }

        if (ChecklistWording.Find(normalized, ReleasePhrases) is { } release)
        {
            return (GatePhase.Release, $"'{release}' is before deployment");
        }

        if (ChecklistWording.Find(normalized, DeployTimePhrases) is { } deployTime)
        {
            return (GatePhase.PostDeployment, $"'{deployTime}' is done at deploy time");
        }

        if (ChecklistWording.Find(normalized, PostPhrases) is { } post)
        {
            return (GatePhase.PostDeployment, $"'{post}' happens after deployment");
        }

        // "First 24 Hours", "First Week", "Hour 0-4", "Day 1": monitoring after the release.
        var words = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var unitFollows = i + 1 < words.Length && TimeUnits.Contains(words[i + 1]);
            var unitAfterNumber = i + 2 < words.Length && words[i + 1].All(char.IsAsciiDigit) && TimeUnits.Contains(words[i + 2]);
            if (words[i] == "first" && (unitFollows || unitAfterNumber))
            {
                return (GatePhase.PostDeployment, "the first hours or days are after deployment");
            }

            if (TimeUnits.Contains(words[i]) && i + 1 < words.Length && words[i + 1].All(char.IsAsciiDigit) && (words[i] is "hour" or "day" or "week"))
            {
                return (GatePhase.PostDeployment, $"'{words[i]} {words[i + 1]}' counts from the deployment");
            }
        }

        return null;
    }

    /// <summary>The phase a title opens with ("Post-Deployment", "During Deployment", "Pre-Release"), or null: a title's other words describe the task, not when it is done.</summary>
    internal static (GatePhase Phase, string Why)? LeadingPhaseOf(string text)
    {
        var normalized = ChecklistWording.Normalize(text);
        string[] leads = [" post ", " postdeployment ", " during ", " after ", " pre ", " predeployment ", " before ", " at deploy"];
        return leads.Any(l => normalized.StartsWith(l, StringComparison.Ordinal)) ? PhaseOf(text) : null;
    }

    // "T-4 hours" is -4, "T-0" and "T0" are 0, "T+1 hour" is 1; null without such a mark.
    private static int? TimeOffset(string lower)
    {
        for (var i = 0; i + 1 < lower.Length; i++)
        {
            if (lower[i] != 't' || (i > 0 && char.IsLetterOrDigit(lower[i - 1])))
            {
                continue;
            }

            var sign = lower[i + 1] switch { '-' or '\u2212' or '\u2013' => -1, '+' => 1, _ => 0 };
            var digits = i + (sign == 0 ? 1 : 2);
            var end = digits;
            while (end < lower.Length && char.IsAsciiDigit(lower[end]))
            {
                end++;
            }

            if (end > digits && end - digits <= 4 && (end == lower.Length || !char.IsLetter(lower[end]) || lower[end] is 'h' or 'd'))
            {
                var value = int.Parse(lower.AsSpan(digits, end - digits), System.Globalization.CultureInfo.InvariantCulture);
                return value == 0 ? 0 : sign == 0 ? null : sign * value;
            }
        }

        return null;
    }
}
