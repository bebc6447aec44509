using System.Security.Claims;
using ComplianceKit.Access;
using ComplianceKit.AspNetCore.SampleApp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

// A clinic app as the README wires it, on SQLite or PostgreSQL (Database:Provider), for the package's tests.
var builder = WebApplication.CreateBuilder(args);
var postgres = builder.Configuration["Database:Provider"] == "postgres";
var connection = builder.Configuration.GetConnectionString("Clinic");
// The tests start dozens of hosts in one process, each with its own EF service provider: not a leak in one app.
builder.Services.AddDbContextFactory<ClinicDbContext>(o => (postgres ? o.UseNpgsql(connection) : o.UseSqlite(connection))
    .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning)));
var store = builder.Services.AddComplianceKit(o => o.Organization = "Test Clinic").AddEntityFrameworkCoreStore<ClinicDbContext>();
(postgres ? store.UsePostgreSqlDialect() : store.UseSqliteDialect()).AddAccessTrail<ClinicDbContext>();
builder.Services.AddHealthChecks().AddComplianceKitHealthChecks();

var app = builder.Build();

// Stands in for authentication: the user and role come from two headers.
app.Use((http, next) =>
{
    if (http.Request.Headers["X-Test-User"].FirstOrDefault() is { } user)
    {
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new(ClaimTypes.NameIdentifier, user), new(ClaimTypes.Role, "nurse")], "test"));
    }

    return next(http);
});

app.MapGet("/patients/{id}", async (int id, ClinicDbContext db) => await db.Patients.FindAsync(id) is { } p ? Results.Ok(p.Name) : Results.NotFound())
    .RecordsAccess("patient");
app.MapPut("/patients/{id}", async (int id, string name, ClinicDbContext db) =>
{
    var patient = await db.Patients.FindAsync(id);
    patient!.Name = name;
    await db.SaveChangesAsync();
    return Results.NoContent();
}).RecordsAccess("patient", action: AccessAction.Update);
app.MapGet("/wards/{ward}", async (string ward, ClinicDbContext db) => Results.Ok(await db.Patients.Where(p => p.Ward == ward).Select(p => p).ToListAsync()))
    .RecordsAccess();
app.MapGet("/sealed/{id}", (int id) => Results.StatusCode(StatusCodes.Status403Forbidden)).RecordsAccess("patient");
app.MapGet("/status", () => Results.Ok("up")).RecordsAccess();
app.MapHealthChecks("/health");
app.Run();

/// <summary>The entry point, for WebApplicationFactory.</summary>
public partial class Program;
