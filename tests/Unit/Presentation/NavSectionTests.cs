using ModelLifecycle.Portal.Components.Layout;

namespace ModelLifecycle.Tests.Unit.Presentation;

public sealed class NavSectionTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("models", "models")]
    [InlineData("models/credit-risk", "models")]
    [InlineData("models/credit-risk?tab=datasets", "models")]
    [InlineData("models/credit-risk/deployments", "deployments")]
    [InlineData("models/credit-risk/drift", "drift")]
    [InlineData("deployments", "deployments")]
    [InlineData("drift", "drift")]
    [InlineData("audit?entityId=x", "audit")]
    public void A_models_sub_page_belongs_to_its_own_section(string path, string section) =>
        Assert.Equal(section, NavSection.Of(path));
}
