using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;

namespace ModelLifecycle.Tests.Unit.DriftReports;

public sealed class DriftVerdictTests
{
    [Theory]
    [InlineData(DriftSeverity.None, false, DriftTone.Calm, false, CheckOutcome.Passed)]
    [InlineData(DriftSeverity.Moderate, false, DriftTone.Notice, false, CheckOutcome.Passed)]
    [InlineData(DriftSeverity.High, false, DriftTone.Caution, true, CheckOutcome.Warning)]
    [InlineData(DriftSeverity.Critical, false, DriftTone.Alert, true, CheckOutcome.Failed)]
    [InlineData(DriftSeverity.Moderate, true, DriftTone.Alert, true, CheckOutcome.Failed)]
    public void One_verdict_decides_tone_alert_and_checklist(DriftSeverity worst, bool dataset, DriftTone tone, bool alert, CheckOutcome outcome)
    {
        var verdict = new DriftVerdict(worst, dataset, 0.25);

        Assert.Equal(tone, verdict.Tone);
        Assert.Equal(alert, verdict.IsAlert);
        Assert.Equal(outcome, verdict.ChecklistOutcome);
    }

    [Fact]
    public void Critical_features_without_dataset_drift_say_both_separately_never_no_drift_alone()
    {
        var verdict = new DriftVerdict(DriftSeverity.Critical, DatasetDrift: false, DriftShare: 0.25);

        Assert.Equal("Worst feature: critical drift · Dataset drift: no (25% of features drifted)", verdict.Headline.Replace(" %", "%", StringComparison.Ordinal));
        Assert.Equal(DriftTone.Alert, verdict.Tone);
    }

    [Fact]
    public void Chip_tones_follow_severity_order()
    {
        var tones = Enum.GetValues<DriftSeverity>().Select(DriftVerdict.ToneOf).ToList();

        Assert.Equal(tones.OrderBy(t => t), tones);
        Assert.Equal(tones.Count, tones.Distinct().Count());
    }
}
