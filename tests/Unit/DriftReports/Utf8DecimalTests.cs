using System.Globalization;
using System.Text;
using ModelLifecycle.Domain.Drift;

namespace ModelLifecycle.Tests.Unit.DriftReports;

public sealed class Utf8DecimalTests
{
    private static void AssertSameAsRuntime(string text)
    {
        var expected = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var e);
        var actual = Utf8Decimal.TryParse(Encoding.UTF8.GetBytes(text), out var a);
        Assert.True(expected == actual, $"'{text}': runtime {expected}, utf8 {actual}");
        if (expected)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a), $"'{text}': runtime {e:R}, utf8 {a:R}");
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.00000")]
    [InlineData("+1.5")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("-.25")]
    [InlineData("999999999999999")]
    [InlineData("9999999999999999")]
    [InlineData("0.000000000000001")]
    [InlineData("0.1")]
    [InlineData("0.3")]
    [InlineData("123456.789012345")]
    [InlineData("1e5")]
    [InlineData(" 7 ")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData("NaN")]
    [InlineData("∞")]
    public void Parses_as_the_runtime_does(string text)
    {
        AssertSameAsRuntime(text);
    }

    [Fact]
    public void Random_decimals_parse_to_the_same_bits_as_the_runtime()
    {
        var rng = new Random(17);
        for (var i = 0; i < 200_000; i++)
        {
            var digits = rng.Next(1, 18);
            var sb = new StringBuilder(rng.Next(3) == 0 ? "-" : "");
            for (var d = 0; d < digits; d++)
            {
                sb.Append((char)('0' + rng.Next(10)));
            }

            if (rng.Next(4) != 0)
            {
                sb.Insert(sb.Length - rng.Next(0, digits + 1), '.');
            }

            AssertSameAsRuntime(sb.ToString());
        }
    }

    [Fact]
    public void Formatted_doubles_round_trip_as_the_runtime_does()
    {
        var rng = new Random(19);
        foreach (var format in new[] { "F5", "F2", "R", "G6", "E3" })
        {
            for (var i = 0; i < 20_000; i++)
            {
                var value = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-8, 9));
                AssertSameAsRuntime(value.ToString(format, CultureInfo.InvariantCulture));
            }
        }
    }
}
