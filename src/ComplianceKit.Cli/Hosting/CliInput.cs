namespace ComplianceKit.Cli.Hosting;

/// <summary>
/// Where commands read a person's answers: standard input, or for an in-process run (tests) the reader it installs.
/// Flows with the async context, so parallel in-process runs never share an answer.
/// </summary>
internal static class CliInput
{
    private static readonly AsyncLocal<TextReader?> Installed = new();

    public static TextReader Current => Installed.Value ?? Console.In;

    /// <summary>Answers from <paramref name="reader"/> for the rest of this async flow.</summary>
    public static void Use(TextReader reader) => Installed.Value = reader;
}
