using Bogus;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Cli.Demo;

/// <summary>
/// A small fake clinic made with Bogus (fixed seed, so every run tells the same story): staff,
/// vendors, and the compliance facts a host app would record about them as people work.
/// </summary>
internal sealed class DemoClinic
{
    private static readonly string[] Roles = ["Physician", "Nurse", "Front Desk", "Billing", "IT Administrator", "Compliance Officer", "Operations Lead", "Development Lead", "Project Manager"];
    private static readonly string[] Services = ["cloud hosting", "e-prescribing", "lab results interface", "billing clearinghouse", "secure email", "backup and disaster recovery", "telehealth video", "transcription"];

    public DemoClinic(int seed = 20261124)
    {
        var faker = new Faker { Random = new Randomizer(seed) };
        Staff = Enumerable.Range(0, 24).Select(i => new DemoPerson(
            $"staff-{i + 1:000}", faker.Name.FullName(), Roles[i % Roles.Length])).ToList();
        Vendors = Enumerable.Range(0, 8).Select(i => new DemoVendor(
            $"vendor-{i + 1:00}", faker.Company.CompanyName(), Services[i], HandlesPhi: i != 5)).ToList();
        Random = faker.Random;
    }

    public static string Name => "Northwind Family Clinic (demo)";

    public IReadOnlyList<DemoPerson> Staff { get; }

    public IReadOnlyList<DemoVendor> Vendors { get; }

    public Randomizer Random { get; }

    public DemoPerson InRole(string role) => Staff.First(p => p.Role == role);

    /// <summary>A working day of activity facts (policy acknowledgements, PHI access), a few hundred entries in all.</summary>
    public IEnumerable<EntryDraft> ActivitySince(Instant start)
    {
        // BAAs and training are recorded by DemoCompliance, in the documented payload shapes (docs/FORMAT.md, section 11).
        foreach (var policy in new[] { "access-control", "incident-response", "contingency-plan", "sanctions" })
        {
            foreach (var person in Staff)
            {
                yield return EntryDraft.FromObject("policy.acknowledged", $"policy:{policy}", $"staff:{person.Id}",
                    new { policy, version = "v3" }, start.Plus(Duration.FromDays(-Random.Int(1, 90))));
            }
        }

        var clinicians = Staff.Where(p => p.Role is "Physician" or "Nurse" or "Front Desk" or "Billing").ToList();
        for (var i = 0; i < 180; i++)
        {
            var person = Random.ListItem(clinicians);

            // Record references are keyed pseudonyms in a real host: no PHI enters the log.
            yield return EntryDraft.FromObject("phi.accessed", $"record:{Random.Hexadecimal(16, prefix: string.Empty)}", $"staff:{person.Id}",
                new { action = Random.ArrayElement(["view", "view", "view", "update", "print"]), purpose = "treatment", outcome = "allowed" },
                start.Plus(Duration.FromMinutes(Random.Int(0, 600))));
        }
    }
}

/// <summary>A member of the demo clinic's workforce.</summary>
internal sealed record DemoPerson(string Id, string Name, string Role);

/// <summary>A vendor of the demo clinic.</summary>
internal sealed record DemoVendor(string Id, string Name, string Service, bool HandlesPhi);
