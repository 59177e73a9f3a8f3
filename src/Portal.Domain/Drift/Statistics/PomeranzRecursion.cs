namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// P(D_n ≤ d) by Pomeranz's (1974) recursion: 2n + 1 convolutions of a sparse row with truncated Poisson
/// weights, the answer being n! times the last entry. Only two rows and the non-zero window are kept;
/// rows are rescaled by 2^128 to avoid underflow.
/// </summary>
internal static class PomeranzRecursion
{
    public static double Cdf(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilF = f > 0 ? 1 : 0;
        var roundF = f > 0.5 ? 1 : 0;
        var powers = 2 * (ll + 1);

        // (g/n)^m/m!, (2g/n)^m/m!, ((1−2g)/n)^m/m!: Poisson weights without their normalising factor.
        var gPower = new double[powers];
        var twoGPower = new double[powers];
        var oneMinusTwoGPower = new double[powers];
        gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1.0;
        double gOverN = g / n, twoGOverN = 2 * g / n, rest = (1 - (2 * g)) / n;
        for (var m = 1; m < powers; m++)
        {
            gPower[m] = gPower[m - 1] * gOverN / m;
            twoGPower[m] = twoGPower[m - 1] * twoGOverN / m;
            oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * rest / m;
        }

        var v0 = new double[powers];
        var v1 = new double[powers];
        v1[0] = 1;
        int v0Start = 0, v1Start = 0;
        var exponent = 0;

        var (j1, _) = Window(0, n, ll, ceilF, roundF);
        var conv = new double[2 * powers];
        for (var i = 1; i < (2 * n) + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0Start, v1Start) = (v1Start, v0Start);
            Array.Clear(v1);
            int j2;
            (j1, j2) = Window(i, n, ll, ceilF, roundF);
            var weights = i == 1 || i == (2 * n) + 1 ? gPower : (i % 2 == 1 ? twoGPower : oneMinusTwoGPower);
            var length = j2 - k1 + 1;
            if (length <= 0)
            {
                continue;
            }

            var sourceStart = k1 - v0Start;
            var sourceLength = Math.Min(length, powers - sourceStart);
            var weightLength = Math.Min(length, powers);
            var convLength = sourceLength + weightLength - 1;
            Array.Clear(conv);
            for (var a = 0; a < sourceLength; a++)
            {
                var va = v0[sourceStart + a];
                if (va == 0)
                {
                    continue;
                }

                for (var b = 0; b < weightLength; b++)
                {
                    conv[a + b] += va * weights[b];
                }
            }

            var convStart = j1 - k1;
            var used = j2 - j1 + 1;
            var max = 0.0;
            for (var c = 0; c < used; c++)
            {
                v1[c] = conv[convStart + c];
                max = Math.Max(max, v1[c]);
            }

            if (max > 0 && max < KolmogorovDistribution.SmallScale)
            {
                for (var c = 0; c < powers; c++)
                {
                    v1[c] *= KolmogorovDistribution.BigScale;
                }

                exponent -= KolmogorovDistribution.ScaleExponent;
            }

            v1Start = v0Start + j1 - k1;
        }

        var answer = v1[n - v1Start];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(answer) > KolmogorovDistribution.BigScale)
            {
                answer *= KolmogorovDistribution.SmallScale;
                exponent += KolmogorovDistribution.ScaleExponent;
            }

            answer *= m;
        }

        return exponent != 0 ? Math.ScaleB(answer, exponent) : answer;
    }

    /// <summary>First and last non-zero index of row i of Pomeranz's matrix.</summary>
    private static (int J1, int J2) Window(int i, int n, int ll, int ceilF, int roundF)
    {
        int j1, j2;
        if (i == 0)
        {
            (j1, j2) = (-ll - ceilF - 1, ll + ceilF - 1);
        }
        else
        {
            var half = (i + 1) / 2;
            if ((i + 1) % 2 == 0)
            {
                (j1, j2) = half == n + 1
                    ? (n - ll - ceilF - 1, n + ll + ceilF - 1)
                    : (half - 1 - ll - roundF - 1, half + ll - 1 + ceilF - 1);
            }
            else
            {
                (j1, j2) = (half - 1 - ll - 1, half + ll + roundF - 1);
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }
}
