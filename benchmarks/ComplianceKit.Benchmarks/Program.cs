using BenchmarkDotNet.Running;

// `dotnet run -c Release -- --filter '*'` runs everything; CI passes `--job Dry` for a smoke run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
