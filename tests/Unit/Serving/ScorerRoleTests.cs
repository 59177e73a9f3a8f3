using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Tests.Unit.Serving;

public sealed class ScorerRoleTests
{
    [Fact]
    public void Scorer_stands_beside_the_ladder()
    {
        Assert.Equal(-1, PortalRoles.Rank(PortalRoles.Scorer));
        Assert.DoesNotContain(PortalRoles.Scorer, PortalRoles.Ladder);
        Assert.DoesNotContain(PortalRoles.Scorer, PortalRoles.Readers.Split(','));
        Assert.Contains(PortalRoles.Scorer, PortalRoles.All);
        Assert.True(PortalRoles.IsKnown(PortalRoles.Scorer));
    }

    [Theory]
    [InlineData("Admin", true)]
    [InlineData("Approver", true)]
    [InlineData("Engineer", true)]
    [InlineData("Scorer", true)]
    [InlineData("Viewer", false)]
    public void Scorer_keys_are_handed_out_by_those_who_may_predict(string held, bool covers) =>
        Assert.Equal(covers, PortalRoles.Covers([held], PortalRoles.Scorer));

    [Theory]
    [InlineData("Viewer")]
    [InlineData("Engineer")]
    public void A_scorer_covers_no_ladder_role(string role) => Assert.False(PortalRoles.Covers([PortalRoles.Scorer], role));
}
