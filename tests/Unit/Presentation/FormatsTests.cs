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
