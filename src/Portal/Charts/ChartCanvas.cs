using System.Globalization;
using System.Xml.Linq;
using ScottPlot;
using SkiaSharp;

namespace ModelLifecycle.Portal.Charts;

/// <summary>The look shared by every portal chart and the step from a ScottPlot plot to inline SVG.</summary>
internal static class ChartCanvas
{
    // Sized for a half-width card at 1366×768: scaled down to ~640 px the 14 px text stays ≥ 12 px.
    public const int Width = 720;
    public const int Height = 360;

    public const float TitleSize = 18;
    public const float AxisLabelSize = 15;
    public const float TickSize = 14;
    public const float LegendSize = 14;

    public static readonly Color Reference = Color.FromHex("#1F77B4");
    public static readonly Color Current = Color.FromHex("#E4572E");
    public static readonly Color Ink = Color.FromHex("#333333");

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // Liberation Sans is metric-compatible with Arial, so the glyph positions Skia measured on the
    // server still fit when the browser substitutes Arial or Helvetica.
    private static readonly string[] PreferredFonts = ["Liberation Sans", "Arial", "DejaVu Sans"];

    private static readonly Lazy<string?> ServerFont = new(() =>
    {
        var installed = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains);
    });

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (ServerFont.Value is { } font)
        {
            plot.Font.Set(font);
        }

        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, AxisLabelSize);
        plot.YLabel(yLabel, AxisLabelSize);
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = TickSize;
            axis.TickLabelStyle.ForeColor = Ink;
        }

        plot.Legend.FontSize = LegendSize;
        return plot;
    }

    /// <summary>An empty chart that says so in its title, for inputs with nothing honest to draw.</summary>
    public static string NoData(string title, int width = Width, int height = Height)
    {
        var plot = Create($"{title}: No data", string.Empty, string.Empty);
        plot.HideGrid();
        plot.Axes.Frame(false);
        plot.Axes.Left.IsVisible = false;
        plot.Axes.Bottom.IsVisible = false;
        var text = plot.Add.Text("No data", 0, 0);
        text.LabelFontSize = AxisLabelSize;
        text.LabelFontColor = Colors.Gray;
        text.LabelAlignment = Alignment.MiddleCenter;
        plot.Axes.SetLimits(-1, 1, -1, 1);
        return ToSvg(plot, $"{title}: No data", width, height);
    }

    /// <summary>
    /// Renders the plot and makes the SVG fit for inline use in a page: no XML declaration, a
    /// viewBox so it can shrink, an accessible title, and font fallbacks for browsers without
    /// the server's font. The sizing style lives on the svg itself because Blazor's CSS
    /// isolation does not reach markup inserted as a MarkupString.
    /// </summary>
    public static string ToSvg(Plot plot, string title, int width, int height)
    {
        var document = XDocument.Parse(plot.GetSvgXml(width, height));
        var root = document.Root!;
        root.SetAttributeValue("viewBox", $"0 0 {width} {height}");
        root.SetAttributeValue("style", "max-width:100%;height:auto");
        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("aria-label", title);
        root.AddFirst(new XElement(Svg + "title", title));

        foreach (var font in root.Descendants().Attributes("font-family"))
        {
            font.Value = $"{font.Value}, Arial, Helvetica, sans-serif";
        }

        return root.ToString(SaveOptions.DisableFormatting);
    }

    public static string Format(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
