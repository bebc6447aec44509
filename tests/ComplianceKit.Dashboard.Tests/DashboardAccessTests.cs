using System.Net;
using Microsoft.AspNetCore.Builder;

namespace ComplianceKit.Dashboard.Tests;

/// <summary>Who may see the dashboard: only users the host's policy admits; nobody when the host named no policy.</summary>
public sealed class DashboardAccessTests(DemoClinicHost host) : IClassFixture<DemoClinicHost>
{
    [Theory]
    [InlineData("/compliance")]
    [InlineData("/compliance/bundle")]
    public async Task Dashboard_Anonymous_IsUnauthorizedAndShownNothing(string path)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("Compliance dashboard", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/compliance")]
    [InlineData("/compliance/bundle")]
    public async Task Dashboard_SignedInWithoutTheRole_IsForbiddenAndShownNothing(string path)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = host.BaseAddress };
        (await client.GetAsync(new Uri("/login?user=nurse", UriKind.Relative))).Dispose();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Compliance dashboard", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Officer_GetsThePageWithAPolicyThatLoadsNothing()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = host.BaseAddress };
        (await client.GetAsync(new Uri("/login?user=officer", UriKind.Relative))).Dispose();

        using var response = await client.GetAsync(new Uri("/compliance", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1 id=\"verdict\">Compliance dashboard: Northwind Family Clinic (demo)</h1>", body, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", body, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", body, StringComparison.Ordinal);
    }

    [Fact]
    public void MapComplianceKitDashboard_NeitherPolicyNorAnonymous_Throws()
    {
        var app = WebApplication.CreateBuilder().Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapComplianceKitDashboard("/compliance", _ => { }));

        Assert.Contains("AuthorizationPolicy", ex.Message, StringComparison.Ordinal);
    }
}
