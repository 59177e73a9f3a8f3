using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.Engine;

public sealed class StageRulesTests
{
    [Theory]
    [InlineData(Stage.None, Stage.Staging, true)]
    [InlineData(Stage.Staging, Stage.Production, true)]
    [InlineData(Stage.Production, Stage.Archived, true)]
    [InlineData(Stage.None, Stage.Archived, true)]
    [InlineData(Stage.Archived, Stage.Staging, true)]
    [InlineData(Stage.None, Stage.Production, false)]
    [InlineData(Stage.Archived, Stage.Production, false)]
    [InlineData(Stage.Production, Stage.Staging, false)]
    [InlineData(Stage.Staging, Stage.None, false)]
    [InlineData(Stage.Staging, Stage.Staging, false)]
    public void Allows_only_the_documented_moves(Stage from, Stage to, bool allowed)
    {
        Assert.Equal(allowed, StageRules.IsAllowed(from, to));
    }

    [Fact]
    public void Production_is_never_a_direct_move()
    {
        var ex = Assert.Throws<DomainException>(() => StageRules.EnsureDirectMoveAllowed(Stage.Staging, Stage.Production));
        Assert.Contains("approved promotion request", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("production", Stage.Production)]
    [InlineData("Staging", Stage.Staging)]
    public void Parses_stage_names_case_insensitively(string text, Stage expected)
    {
        Assert.Equal(expected, StageRules.ParseStage(text));
    }

    [Theory]
    [InlineData("Live")]
    [InlineData("2")]
    [InlineData(null)]
    public void Unknown_stage_is_a_validation_error(string? text)
    {
        Assert.Equal(FailureKind.Validation, Assert.Throws<DomainException>(() => StageRules.ParseStage(text)).Kind);
    }
}
