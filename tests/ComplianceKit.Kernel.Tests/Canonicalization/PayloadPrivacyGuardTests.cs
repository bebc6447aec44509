using System.Text;
using ComplianceKit.Canonicalization;

namespace ComplianceKit.Tests.Canonicalization;

public sealed class PayloadPrivacyGuardTests
{
    private static readonly PayloadPrivacyGuard Guard = new(allowPhi: false);

    [Fact]
    public void EnsureNoPhi_BlockedNameDeepInPayload_ThrowsNamingPath()
    {
        byte[] payload = Utf8("""{"event":"record.viewed","subject":{"contacts":[{"kind":"home"},{"kind":"cell","Phone_Number":"x"}]}}""");

        var ex = Assert.Throws<PhiDetectedException>(() => Guard.EnsureNoPhi(payload));

        Assert.Equal("$.subject.contacts[1].Phone_Number", ex.JsonPath);
        Assert.Contains("$.subject.contacts[1].Phone_Number", ex.Message);
        Assert.Contains("telephone", ex.Message);
    }

    [Theory]
    [InlineData("ssn")]
    [InlineData("SSN")]
    [InlineData("Social-Security Number")]
    [InlineData("date_of_birth")]
    [InlineData("DOB")]
    [InlineData("birthDate")]
    [InlineData("MRN")]
    [InlineData("medical_record_number")]
    [InlineData("patientName")]
    [InlineData("first name")]
    [InlineData("LastName")]
    [InlineData("e-mail")]
    [InlineData("streetAddress")]
    [InlineData("diagnosis")]
    [InlineData("healthPlanBeneficiaryNumber")]
    [InlineData("insurance_id")]
    [InlineData("patientPhone")]
    [InlineData("member_dob")]
    public void EnsureNoPhi_ForbiddenNameVariant_Throws(string name)
    {
        byte[] payload = Utf8($$"""{"items":[{"{{name}}":null}]}""");

        var ex = Assert.Throws<PhiDetectedException>(() => Guard.EnsureNoPhi(payload));

        Assert.Equal($"$.items[0]{(name.Contains(' ') || name.Contains('-') ? $"['{name}']" : "." + name)}", ex.JsonPath);
    }

    [Theory]
    [InlineData("""{"note":"caller gave 123-45-6789 by phone"}""", "$.note")]
    [InlineData("""["fine", "123-45-6789"]""", "$[1]")]
    [InlineData("""{"a":{"b":[0,{"c":"\u0031\u0032\u0033-45-6789"}]}}""", "$.a.b[1].c")]
    [InlineData("""{"byId":{"123-45-6789":true}}""", "$.byId['123-45-6789']")]
    public void EnsureNoPhi_SsnShapedText_ThrowsWithoutEchoingIt(string json, string path)
    {
        byte[] payload = Utf8(json);

        var ex = Assert.Throws<PhiDetectedException>(() => Guard.EnsureNoPhi(payload));

        Assert.Equal(path, ex.JsonPath);
        Assert.Contains("Social Security number", ex.Message);
        Assert.DoesNotContain("45-6789", ex.Message.Replace(path, string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"action":"record.viewed","actorId":"u-42","recordId":"r-9","ip":"10.0.0.1","name":"Quarterly access review"}""")]
    [InlineData("""{"phoneSupportQueue":"tier-2","addressed":true,"at":"2026-01-15","n":123456789}""")]
    [InlineData("""{"ids":["4123-45-67890","555-123-4567","123-456-7890","12-345-6789","123e4567-e89b-12d3-a456-426614174000"]}""")]
    [InlineData("""[1, true, null, {"nested":[[]]}]""")]
    public void EnsureNoPhi_HarmlessPayload_Passes(string json)
    {
        byte[] payload = Utf8(json);

        var ex = Record.Exception(() => Guard.EnsureNoPhi(payload));

        Assert.Null(ex);
    }

    [Fact]
    public void EnsureNoPhi_AllowPhi_PassesEverything()
    {
        var guard = new PayloadPrivacyGuard(allowPhi: true);
        byte[] payload = Utf8("""{"patient":{"ssn":"123-45-6789","dateOfBirth":"1970-01-01"}}""");

        var ex = Record.Exception(() => guard.EnsureNoPhi(payload));

        Assert.Null(ex);
        Assert.True(guard.AllowPhi);
    }

    [Fact]
    public void EnsureNoPhi_AdditionalForbiddenName_MatchedLikeBuiltIns()
    {
        var guard = new PayloadPrivacyGuard(allowPhi: false, ["chartNumber"]);
        byte[] payload = Utf8("""{"x":{"Chart_Number":"c-1"}}""");

        var ex = Assert.Throws<PhiDetectedException>(() => guard.EnsureNoPhi(payload));

        Assert.Equal("$.x.Chart_Number", ex.JsonPath);
    }

    [Fact]
    public void EnsureNoPhi_AdditionalForbiddenNames_KeepsBuiltIns()
    {
        var guard = new PayloadPrivacyGuard(allowPhi: false, ["chartNumber"]);
        byte[] payload = Utf8("""{"ssn":1}""");

        Assert.Throws<PhiDetectedException>(() => guard.EnsureNoPhi(payload));
    }

    [Fact]
    public void EnsureNoPhi_InvalidJson_ThrowsCanonicalizationException()
    {
        byte[] payload = Utf8("""{"a":""");

        Assert.Throws<JsonCanonicalizationException>(() => Guard.EnsureNoPhi(payload));
    }

    [Fact]
    public void EnsureNoPhi_CanonicalizerOutput_IsScannedToo()
    {
        byte[] payload = JsonCanonicalizer.Canonicalize("""{"z":1,"details":{"Email":"a@b.example"}}""");

        var ex = Assert.Throws<PhiDetectedException>(() => Guard.EnsureNoPhi(payload));

        Assert.Equal("$.details.Email", ex.JsonPath);
    }

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
