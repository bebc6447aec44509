namespace ComplianceKit.Conformance;

/// <summary>One case of the suite, as cases.json lists it: the file, the verify arguments, and what FORMAT.md requires of a verifier.</summary>
/// <param name="Name">A stable name, also the file's base name.</param>
/// <param name="Description">What was done to the bundle or ledger.</param>
/// <param name="Kind"><c>bundle</c> (verify FILE --trust ca.pem) or <c>ledger</c> (an SQL dump: load it into SQLite, then verify --db).</param>
/// <param name="File">The path relative to the suite folder.</param>
/// <param name="Arguments">Further verify arguments, paths relative to the suite folder.</param>
/// <param name="ExitCode">The exit code required: 0 verified, 1 finding, 2 not a zip archive.</param>
/// <param name="Verdict"><c>Verified</c>, <c>Invalid</c> or <c>Unreadable</c> (bundles); <c>Verified</c> or <c>Invalid</c> (ledgers).</param>
/// <param name="Findings">Finding kinds (bundle) or statuses (ledger) that must each be reported at least once.</param>
internal sealed record ConformanceCase(string Name, string Description, string Kind, string File, IReadOnlyList<string> Arguments, int ExitCode,
    string Verdict, IReadOnlyList<string> Findings);
