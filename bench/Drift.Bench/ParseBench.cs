using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Registry;
using Sylvan.Data.Csv;

namespace ModelLifecycle.Drift.Bench;

/// <summary>
/// Parses a drift window CSV (header + numeric columns) into one double[] per column with three readers, best of
/// <c>runs</c>, single-threaded, from a file stream: the portal's UTF-8 push parser (DriftCsv), Sylvan.Data.Csv 1.4.4
/// (fields as char spans, double.TryParse), and CsvHelper 33 as the previous drift path used it (GetField + TryParse).
/// Usage: dotnet run -c Release --project bench/Drift.Bench -- parse file.csv [runs]
/// </summary>
internal static class ParseBench
{
    public static async Task RunAsync(string[] args)
    {
        var path = args[0];
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var header = File.ReadLines(path).First().Split(',');
        var schema = header.Select(h => new FeatureDefinition(h, FeatureType.Numeric)).ToArray();
        Console.WriteLine($"parse {path}: {new FileInfo(path).Length / 1e6:F1} MB, {header.Length} columns, best of {runs}");

        var readers = new (string Name, Func<Task<double>> Parse)[]
        {
            ("DriftCsv (UTF-8 push parser)", async () =>
            {
                await using var file = Open(path);
                var window = await DriftCsv.ReadAsync(file, schema, "reference", CancellationToken.None);
                return window.Numeric[header[0]].Sum();
            }),
            ("Sylvan.Data.Csv 1.4.4", async () =>
            {
                await using var file = Open(path);
                using var text = new StreamReader(file);
                await using var csv = await Sylvan.Data.Csv.CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { BufferSize = 1 << 16 });
                var columns = header.Select(_ => new List<double>()).ToArray();
                while (await csv.ReadAsync())
                {
                    for (var i = 0; i < columns.Length; i++)
                    {
                        columns[i].Add(double.TryParse(csv.GetFieldSpan(i), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN);
                    }
                }

                return columns[0].Sum();
            }),
            ("CsvHelper 33 (previous path)", async () =>
            {
                await using var file = Open(path);
                using var text = new StreamReader(file);
                using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, DetectColumnCountChanges = true });
                await csv.ReadAsync();
                csv.ReadHeader();
                var columns = header.Select(_ => new List<double>()).ToArray();
                while (await csv.ReadAsync())
                {
                    for (var i = 0; i < columns.Length; i++)
                    {
                        columns[i].Add(double.TryParse(csv.GetField(i), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN);
                    }
                }

                return columns[0].Sum();
            }),
        };

        foreach (var (name, parse) in readers)
        {
            var best = double.MaxValue;
            var check = 0.0;
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                check = await parse();
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"PARSE {name}: {best:F2} s (sum of column 1 = {check:F3})");
        }
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
