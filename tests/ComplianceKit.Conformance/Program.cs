using System.Text.Json;
using ComplianceKit.Conformance;

// Writes the conformance suite into the folder given (the repository's conformance/), replacing its cases.
if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("usage: dotnet run --project tests/ComplianceKit.Conformance -- <folder>");
    return 2;
}

var folder = Path.GetFullPath(args[0]);
foreach (var sub in new[] { "bundles", "ledgers" })
{
    var path = Path.Combine(folder, sub);
    if (Directory.Exists(path))
    {
        Directory.Delete(path, recursive: true);
    }

    Directory.CreateDirectory(path);
}

var cases = await new SuiteWriter(folder, new ConformancePki()).WriteAsync();
await File.WriteAllTextAsync(Path.Combine(folder, "cases.json"),
    JsonSerializer.Serialize(cases, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }) + "\n");
Console.WriteLine($"{cases.Count} cases written to {folder}");
return 0;
