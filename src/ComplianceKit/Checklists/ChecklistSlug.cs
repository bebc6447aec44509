using System.Globalization;
using System.Text;

namespace ComplianceKit.Checklists;

/// <summary>Deterministic, culture-independent slugs for headings: lowercase letters and digits joined by hyphens.</summary>
internal static class ChecklistSlug
{
    private const int MaxLength = 60;

    /// <summary>
    /// Slug of <paramref name="text"/>: diacritics removed, <c>&amp;</c> spelled <c>and</c>, apostrophes dropped,
    /// every other run of non-letters (emoji, punctuation, spaces) one hyphen; empty when nothing is left.
    /// </summary>
    internal static string Create(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength + 8));
        var pendingHyphen = false;
        foreach (var rune in Decompose(text).EnumerateRunes())
        {
            if (builder.Length >= MaxLength)
            {
                break;
            }

            if (rune.Value == '&')
            {
                AppendWord(builder, "and", ref pendingHyphen);
                pendingHyphen = true;
            }
            else if (rune.Value is '\'' or '\u2019')
            {
                continue;
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                AppendWord(builder, Rune.ToLowerInvariant(rune).ToString(), ref pendingHyphen);
            }
            else if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
            {
                pendingHyphen = true;
            }
        }

        // A slug cut at the length limit ends at a word boundary when one is near.
        var slug = builder.ToString();
        var lastHyphen = slug.LastIndexOf('-');
        return slug.Length >= MaxLength && lastHyphen >= MaxLength / 2 ? slug[..lastHyphen] : slug;
    }

    private static void AppendWord(StringBuilder builder, string value, ref bool pendingHyphen)
    {
        if (pendingHyphen && builder.Length > 0)
        {
            builder.Append('-');
        }

        builder.Append(value);
        pendingHyphen = false;
    }

    private static string Decompose(string text)
    {
        // Lone surrogates would make Normalize throw; EnumerateRunes turns them into U+FFFD first.
        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            clean.Append(rune.ToString());
        }

        return clean.ToString().Normalize(NormalizationForm.FormD);
    }
}
