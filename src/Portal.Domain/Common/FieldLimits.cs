namespace ModelLifecycle.Domain.Common;

/// <summary>
/// The length of every text field that comes from input, in one place: the validation in the engine and the column
/// lengths of the EF configurations both read these, so a value that passes validation always fits its column
/// (SQLite ignores lengths; SQL Server would otherwise fail the insert with a 500).
/// </summary>
public static class FieldLimits
{
    public const int ModelName = 100;
    public const int Version = 64;
    public const int Description = 2000;
    public const int Tag = 50;
    public const int TagCount = 50;
    public const int FeatureName = 100;
    public const int FeatureCount = 1000;
    public const int MetricName = 100;
    public const int MetricCount = 500;
    public const int HyperparameterName = 100;
    public const int HyperparameterValue = 1000;
    public const int HyperparameterCount = 500;
    public const int Notes = 4000;
    public const int DatasetVersion = 100;
    public const int DatasetHash = 128;
    public const int TrainingRun = 200;
    public const int FileName = 260;
    public const int Justification = 4000;
    public const int Reason = 4000;

    /// <summary>A stage transition's reason: a person's reason, or "Promotion request approved: " and the decision reason.</summary>
    public const int TransitionReason = Reason + 100;
    public const int Recommendation = 2000;

    /// <summary>A prediction's routing key (the same key reaches the same version).</summary>
    public const int RoutingKey = 200;

    /// <summary>ASP.NET Core Identity's column length for user names and emails.</summary>
    public const int Email = 256;

    /// <summary>A stage, status, severity or other enum stored by name.</summary>
    public const int EnumName = 40;

    /// <summary>A cron expression (five or six fields).</summary>
    public const int Cron = 100;

    /// <summary>An alert's one-sentence title.</summary>
    public const int AlertTitle = 500;

    /// <summary>A model's alert webhook URL and its signing secret.</summary>
    public const int WebhookUrl = 2000;
    public const int WebhookSecret = 200;

    /// <summary>
    /// Throws a validation error naming <paramref name="field"/> when <paramref name="value"/> is longer than
    /// <paramref name="limit"/> or contains U+0000: SQLite's text binding stops at a NUL in long strings, so such text
    /// would be stored cut short without a word (and its audit event would no longer match what was sealed).
    /// </summary>
    public static string? Check(string? value, int limit, string field) => value switch
    {
        { Length: var length } when length > limit => throw DomainException.Invalid($"'{field}' is {length} characters long; at most {limit} are allowed."),
        not null when value.Contains('\0', StringComparison.Ordinal) => throw DomainException.Invalid($"'{field}' contains the NUL character (U+0000), which cannot be stored; remove it and send the text again."),
        _ => value,
    };
}
