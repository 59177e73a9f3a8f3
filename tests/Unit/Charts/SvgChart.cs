using System.Xml.Linq;

namespace ModelLifecycle.Tests.Unit.Charts;

/// <summary>What a reader of a rendered chart sees: its title and every piece of text on it.</summary>
internal sealed class SvgChart
{
    private SvgChart(XElement root)
    {
        Root = root;
        Title = root.Elements().FirstOrDefault(e => e.Name.LocalName == "title")?.Value ?? string.Empty;
        Texts = [.. root.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim())];
    }

    public XElement Root { get; }

    public string Title { get; }

    public IReadOnlyList<string> Texts { get; }

    public double Height => double.Parse(Root.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses the SVG as XML, failing the test if it is not well-formed or not an svg.</summary>
    public static SvgChart Parse(string svg)
    {
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.NotNull(root.Attribute("viewBox"));
        return new SvgChart(root);
    }

    public void AssertShows(params string[] texts)
    {
        foreach (var text in texts)
        {
            Assert.True(Texts.Contains(text), $"'{text}' is not among the chart's texts: {string.Join(" | ", Texts)}");
        }
    }
}
