using System.Text.RegularExpressions;

namespace ComplianceKit.Ledger;

/// <summary>The limits every entry must keep, checked before anything is written.</summary>
public static partial class LedgerLimits
{
    /// <summary>The longest chain id, in characters.</summary>
    public const int MaxChainIdLength = 64;

    /// <summary>The longest entry type, in characters.</summary>
    public const int MaxEntryTypeLength = 100;

    /// <summary>The longest subject, in characters.</summary>
    public const int MaxSubjectLength = 400;

    /// <summary>The longest actor, in characters.</summary>
    public const int MaxActorLength = 200;

    /// <summary>Throws a <see cref="LedgerValidationException"/> unless <paramref name="chainId"/> is 1-64 of <c>[A-Za-z0-9._:-]</c>.</summary>
    public static void ValidateChainId(string chainId)
    {
        if (string.IsNullOrEmpty(chainId) || chainId.Length > MaxChainIdLength || !ChainIdPattern().IsMatch(chainId))
        {
            throw new LedgerValidationException($"Chain id '{chainId}' is invalid: use 1 to {MaxChainIdLength} characters of letters, digits, '.', '_', ':' and '-'.");
        }
    }

    /// <summary>Throws a <see cref="LedgerValidationException"/> naming the field that breaks a limit.</summary>
    public static void ValidateDraft(EntryDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (string.IsNullOrEmpty(draft.EntryType) || draft.EntryType.Length > MaxEntryTypeLength || !EntryTypePattern().IsMatch(draft.EntryType))
        {
            throw new LedgerValidationException($"Entry type '{draft.EntryType}' is invalid: use lower-case letters, digits, '.', '_' and '-', starting with a letter, at most {MaxEntryTypeLength} characters.");
        }

        RequireText(draft.Subject, "Subject", MaxSubjectLength);
        RequireText(draft.Actor, "Actor", MaxActorLength);
    }

    private static void RequireText(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new LedgerValidationException($"{field} is required.");
        }

        if (value.Length > maxLength)
        {
            throw new LedgerValidationException($"{field} is {value.Length} characters; at most {maxLength} are allowed.");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new LedgerValidationException($"{field} contains a control character (U+{(int)c:X4}).");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ChainIdPattern();

    [GeneratedRegex("^[a-z][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryTypePattern();
}
