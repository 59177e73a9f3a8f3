using ModelLifecycle.Portal.Components.Shared;

namespace ModelLifecycle.Tests.Unit.Presentation;

public sealed class FormatsTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(220, "220 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(10_485_760, "10.0 MiB")]
    [InlineData(1_073_741_824, "1.0 GiB")]
    public void Sizes_use_binary_units_with_one_decimal(long bytes, string expected) =>
        Assert.Equal(expected, Formats.Bytes(bytes));

    [Theory]
    [InlineData(0.0134636, "0.013 ms")]
    [InlineData(0.0213152, "0.021 ms")]
    [InlineData(0.5, "0.5 ms")]
    [InlineData(0.0996, "0.1 ms")]
    [InlineData(0.0004, "< 0.001 ms")]
    [InlineData(0.0, "0.0 ms")]
    [InlineData(1.0, "1.0 ms")]
    [InlineData(3.9722, "4.0 ms")]
    [InlineData(150.25, "150.3 ms")]
    [InlineData(null, "—")]
    [InlineData(double.NaN, "—")]
    public void Durations_below_a_millisecond_keep_two_significant_digits(double? ms, string expected) =>
        Assert.Equal(expected, Formats.Milliseconds(ms));

    [Fact]
    public void Times_are_iso_8601_utc_whatever_kind_the_value_has()
    {
        var utc = new DateTime(2026, 11, 24, 4, 44, 9, DateTimeKind.Utc);

        Assert.Equal("2026-11-24T04:44Z", Formats.Utc(utc));
        Assert.Equal("2026-11-24T04:44:09Z", Formats.UtcSeconds(utc));
        Assert.Equal("2026-11-24T04:44Z", Formats.Utc(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)));
        Assert.Equal("2026-11-24T04:44Z", Formats.Utc(utc.ToLocalTime()));
        Assert.Equal("never", Formats.Utc(null, "never"));
    }
}
