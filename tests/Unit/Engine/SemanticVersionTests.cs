using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.Engine;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("1.0.0", 1, 0, 0, null)]
    [InlineData("0.12.3", 0, 12, 3, null)]
    [InlineData("2.0.0-rc.1", 2, 0, 0, "rc.1")]
    [InlineData("1.0.0-rc.0", 1, 0, 0, "rc.0")]
    [InlineData("1.0.0-0a.01-x", 1, 0, 0, "0a.01-x")]
    public void Parses_valid_versions(string text, int major, int minor, int patch, string? pre)
    {
        var v = SemanticVersion.Parse(text);
        Assert.Equal((major, minor, patch, pre), (v.Major, v.Minor, v.Patch, v.PreRelease));
        Assert.Equal(text, v.ToString());
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("01.0.0")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.0+build")]
    [InlineData("")]
    [InlineData("1.0.0-")]
    [InlineData("1.01.0")]
    [InlineData("1.0.01")]
    [InlineData("1.0.00")]
    [InlineData("1.0.0-rc.01")]
    [InlineData("1.0.0-00")]
    [InlineData("1.0.0-alpha..1")]
    public void Rejects_invalid_versions(string text)
    {
        Assert.False(SemanticVersion.TryParse(text, out _));
        var ex = Assert.Throws<DomainException>(() => SemanticVersion.Parse(text));
        Assert.Equal(FailureKind.Validation, ex.Kind);
    }

    [Fact]
    public void Orders_by_semver_precedence_including_prereleases()
    {
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0", "2.0.0"];
        var shuffled = ordered.Reverse().Select(SemanticVersion.Parse).ToList();
        shuffled.Sort();
        Assert.Equal(ordered, shuffled.Select(v => v.ToString()));
    }

    [Fact]
    public void Long_numeric_prerelease_identifiers_compare_numerically()
    {
        var small = SemanticVersion.Parse("1.0.0-rc.9");
        var huge = SemanticVersion.Parse("1.0.0-rc.99999999999");
        Assert.True(small.CompareTo(huge) < 0);
        Assert.True(huge.CompareTo(SemanticVersion.Parse("1.0.0-rc.beta")) < 0);
    }

    [Fact]
    public void Version_longer_than_its_column_is_refused()
    {
        Assert.False(SemanticVersion.TryParse("1.0.0-" + new string('a', FieldLimits.Version), out _));
    }

    [Fact]
    public void Next_minor_resets_patch()
    {
        Assert.Equal("1.4.0", SemanticVersion.Parse("1.3.7").NextMinor().ToString());
    }
}
