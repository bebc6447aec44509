namespace ComplianceKit.Tests.Fuzzing;

/// <summary>
/// How many cases a fuzz test runs: a short run on every change (CI), and as many as
/// COMPLIANCEKIT_FUZZ_ITERATIONS asks for in a long run (README, "Fuzz and fault harness").
/// </summary>
internal static class FuzzIterations
{
    public const string Variable = "COMPLIANCEKIT_FUZZ_ITERATIONS";

    public static int Or(int shortRun) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var asked) && asked > 0 ? asked : shortRun;
}
