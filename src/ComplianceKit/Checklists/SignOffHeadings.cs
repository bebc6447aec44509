namespace ComplianceKit.Checklists;

/// <summary>Recognizes headings of sign-off sections ("Sign-off", "Sign-offs", "Signatures", "Final Approval").</summary>
internal static class SignOffHeadings
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "signoff", "signoffs", "signature", "signatures", "approval", "approvals",
    };

    internal static bool IsSignOffHeading(string heading)
    {
        var previous = string.Empty;
        var start = -1;
        for (var i = 0; i <= heading.Length; i++)
        {
            if (i < heading.Length && char.IsLetter(heading[i]))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0)
            {
                var word = heading[start..i];
                if (Words.Contains(word)
                    || (previous.Equals("sign", StringComparison.OrdinalIgnoreCase)
                        && (word.Equals("off", StringComparison.OrdinalIgnoreCase) || word.Equals("offs", StringComparison.OrdinalIgnoreCase))))
                {
                    return true;
                }

                previous = word;
                start = -1;
            }
        }

        return false;
    }
}
