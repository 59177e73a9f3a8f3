using System.Globalization;
using ModelLifecycle.Scale.Bench;

// Lists at scale (issue 10, item 9). Two steps, both driven by bench/run-scale.sh:
//   seed <database file> <audit key base64> [versions of the big model] [models] [audit events]
//       builds the database through the app's own migrations, then bulk rows (defaults 100,000 / 50,000 / 1,000,000);
//   time <base url> <admin email> <admin password> [runs]
//       times the API calls and the prerendered pages against the portal started on that folder.
var command = args.Length > 0 ? args[0] : "";
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
switch (command)
{
    case "seed" when args.Length >= 3:
        await ScaleDatabase.BuildAsync(args[1], Convert.FromBase64String(args[2]), new ScaleShape(Arg(3, 100_000), Arg(4, 50_000), Arg(5, 1_000_000)));
        return 0;
    case "time" when args.Length >= 4:
        return await ScaleTimings.RunAsync(new Uri(args[1]), args[2], args[3], Arg(4, 7));
    default:
        Console.Error.WriteLine("usage: seed <database file> <audit key base64> [versions] [models] [events] | time <url> <email> <password> [runs]");
        return 2;
}
