using System.Net;
using System.Text;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;

namespace ComplianceKit.AspNetCore.Tests;

/// <summary>
/// The access trail in a real ASP.NET Core host (WebApplicationFactory over the sample app) on a real database: each
/// response arrives only after its accesses were committed, so the tests read the chain right after it, without waiting.
/// </summary>
public abstract class AccessTrailTests
{
    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Get_MarkedEndpoint_OneViewOfThePatientByTheUserCommittedBeforeTheResponse()
    {
        await using var app = await ClinicApp.StartAsync(Engine);

        var response = await app.Client.SendAsync(Request(HttpMethod.Get, "/patients/2", user: "kim"));
        var entries = await app.AccessEntriesAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(entries);
        Assert.Equal(AccessEntryTypes.Allowed, entry.EntryType);
        Assert.Equal(ClinicApp.Pseudonymizer.Pseudonymize("patient/2"), entry.Subject);
        Assert.Equal("kim", entry.Actor);
        var payload = Encoding.UTF8.GetString(entry.Payload!);
        Assert.Contains("\"action\":\"view\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"purpose\":\"TREAT\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"nurse\"", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("patient/2", entry.Subject + payload, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task Get_UnmarkedRecordButContextReadsThreePatients_InterceptorRecordsEachOnce()
    {
        await using var app = await ClinicApp.StartAsync(Engine);

        var response = await app.Client.SendAsync(Request(HttpMethod.Get, "/wards/A", user: "kim"));
        var entries = await app.AccessEntriesAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { "patient/1", "patient/2", "patient/3" }.Select(ClinicApp.Pseudonymizer.Pseudonymize).Order(), entries.Select(e => e.Subject).Order());
        Assert.All(entries, e => Assert.Contains("\"action\":\"view\"", Encoding.UTF8.GetString(e.Payload!), StringComparison.Ordinal));
    }

    [LedgerFact]
    public async Task Put_UpdatesThePatient_ViewAndUpdateRecordedOnceEach()
    {
        await using var app = await ClinicApp.StartAsync(Engine);

        var response = await app.Client.SendAsync(Request(HttpMethod.Put, "/patients/3?name=Cyd", user: "kim"));
        var entries = await app.AccessEntriesAsync();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["update", "view"], entries.Select(e => Encoding.UTF8.GetString(e.Payload!)).Select(p => p.Contains("\"update\"", StringComparison.Ordinal) ? "update" : "view").Order());
        Assert.All(entries, e => Assert.Equal(ClinicApp.Pseudonymizer.Pseudonymize("patient/3"), e.Subject));
    }

    [LedgerFact]
    public async Task Get_BreakGlassHeaderAndPurpose_RecordedAsBreakGlassWithThatPurpose()
    {
        await using var app = await ClinicApp.StartAsync(Engine);
        var request = Request(HttpMethod.Get, "/patients/4", user: "er-doc");
        request.Headers.Add("X-Break-Glass", "1");
        request.Headers.Add("X-Purpose-Of-Use", PurposeOfUse.EmergencyTreatment);

        await app.Client.SendAsync(request);
        var entry = Assert.Single(await app.AccessEntriesAsync());

        Assert.Equal(AccessEntryTypes.BreakGlass, entry.EntryType);
        Assert.Contains($"\"purpose\":\"{PurposeOfUse.EmergencyTreatment}\"", Encoding.UTF8.GetString(entry.Payload!), StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task Get_HandlerAnswers403_RecordedAsDenied()
    {
        await using var app = await ClinicApp.StartAsync(Engine);

        var response = await app.Client.SendAsync(Request(HttpMethod.Get, "/sealed/1", user: "kim"));
        var entry = Assert.Single(await app.AccessEntriesAsync());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(AccessEntryTypes.Denied, entry.EntryType);
    }

    [LedgerFact]
    public async Task Get_PurposeHeaderNotAShortCode_400AndNothingRecorded()
    {
        await using var app = await ClinicApp.StartAsync(Engine);
        var request = Request(HttpMethod.Get, "/patients/1", user: "kim");
        request.Headers.Add("X-Purpose-Of-Use", new string('X', 65));

        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await app.AccessEntriesAsync());
    }

    [LedgerFact]
    public async Task Get_EndpointTouchingNoRecord_NothingRecorded()
    {
        await using var app = await ClinicApp.StartAsync(Engine);

        var response = await app.Client.SendAsync(Request(HttpMethod.Get, "/status", user: "kim"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await app.AccessEntriesAsync());
    }

    [LedgerFact]
    public async Task Start_NoPseudonymKeyInConfiguration_HostRefusesToStart()
    {
        var error = await Record.ExceptionAsync(async () =>
        {
            await using var app = await ClinicApp.StartAsync(Engine, keyHex: "");
        });

        Assert.NotNull(error);
        Assert.Contains("PseudonymKey", error.ToString(), StringComparison.Ordinal);
    }

    internal static HttpRequestMessage Request(HttpMethod method, string path, string user)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Test-User", user);
        return request;
    }
}

/// <summary>The access trail on SQLite.</summary>
public sealed class SqliteAccessTrailTests : AccessTrailTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}

/// <summary>The access trail on PostgreSQL.</summary>
public sealed class PostgresAccessTrailTests : AccessTrailTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
