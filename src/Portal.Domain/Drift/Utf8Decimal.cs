using System.Globalization;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// Parses a number from UTF-8 bytes exactly as <c>double.TryParse(text, NumberStyles.Float, InvariantCulture)</c>
/// does. Plain decimals of at most 15 digits without exponent ("-0.12345", "31", ".5") take Clinger's fast path:
/// the digits form an integer below 10^15 &lt; 2^53 and the scale is a power of ten up to 10^15, both exact doubles,
/// so one IEEE division gives the correctly rounded value, the same bits the full parser returns. Anything else
/// (exponents, long mantissas, whitespace, symbols) goes to the runtime's parser.
/// </summary>
public static class Utf8Decimal
{
    private const int FastDigits = 15;

    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    public static bool TryParse(ReadOnlySpan<byte> utf8, out double value) =>
        TryParseFast(utf8, out value) || double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    internal static bool TryParseFast(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        long mantissa = 0;
        var digits = 0;
        var fraction = -1;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d <= 9)
            {
                if (++digits > FastDigits)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + d;
                if (fraction >= 0)
                {
                    fraction++;
                }
            }
            else if (s[i] == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        var magnitude = fraction > 0 ? mantissa / PowersOfTen[fraction] : mantissa;
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
