namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Pelz–Good (1976) approximation of P(D_n ≤ x): the Li-Chien/Korolyuk expansion
/// K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5 with z = x√n, rewritten through Jacobi theta identities
/// so it converges for small z. Used for large n where exact methods are too slow.
/// </summary>
internal static class PelzGood
{
    public static double Cdf(int n, double x)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }

        if (x >= 1.0)
        {
            return 1.0;
        }

        const double pi2 = Math.PI * Math.PI;
        var pi4 = pi2 * pi2;
        var pi6 = pi4 * pi2;
        var sqrt2Pi = Math.Sqrt(2 * Math.PI);

        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        var qLog = -pi2 / 8 / z2;
        if (qLog < -708)
        {
            return 0.0;
        }

        var q = Math.Exp(qLog);
        var k1a = -z2;
        var k1b = pi2 / 4;
        var k2a = (6 * z6) + (2 * z4);
        var k2b = ((2 * z4) - (5 * z2)) * pi2 / 4;
        var k2c = pi4 * (1 - (2 * z2)) / 16;
        var k3d = pi6 * (5 - (30 * z2)) / 64;
        var k3c = pi4 * ((-60 * z2) + (212 * z4)) / 16;
        var k3b = pi2 * ((135 * z4) - (96 * z6)) / 4;
        var k3a = (-30 * z6) - (90 * Math.Pow(z, 8));

        // Horner scheme over odd m = 2k − 1 for the sums c_m q^(m²).
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxK; k > 0; k--)
        {
            double m = (2 * k) - 1;
            double m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
            var qPower = Math.Pow(q, 8 * k);
            s0 = (s0 * qPower) + 1.0;
            s1 = (s1 * qPower) + k1a + (k1b * m2);
            s2 = (s2 * qPower) + k2a + (k2b * m2) + (k2c * m4);
            s3 = (s3 * qPower) + k3a + (k3b * m2) + (k3c * m4) + (k3d * m6);
        }

        var common = q * sqrt2Pi;
        s0 = s0 * common / z;
        s1 = s1 * common / (6 * z4);
        s2 = s2 * common / (72 * Math.Pow(z, 7));
        s3 = s3 * common / (6480 * Math.Pow(z, 10));

        // The remaining sums over all integers k for K2 and K3 have no cancellation worth guarding.
        var q2 = Math.Exp(-pi2 / 2 / z2);
        double k2Extra = 0, k3Extra = 0;
        var sqrt3z = Math.Sqrt(3) * z;
        for (var k = maxK; k > 0; k--)
        {
            double kk = k * k;
            var qp = Math.Pow(q2, kk);
            var kPi = Math.PI * k;
            k2Extra += kk * qp;
            k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * kk * qp;
        }

        s2 += k2Extra * pi2 * sqrt2Pi / (-36 * z3);
        s3 += k3Extra * pi2 * sqrt2Pi / (216 * z6);

        return s0 + (s1 / Math.Sqrt(n)) + (s2 / n) + (s3 / Math.Pow(n, 1.5));
    }
}
