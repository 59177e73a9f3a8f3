namespace ModelLifecycle.Domain.Common;

/// <summary>What went wrong, in terms a front door can translate to one status code.</summary>
public enum FailureKind
{
    Validation,
    NotFound,
    Conflict,
    Forbidden,
    Integrity,

    /// <summary>The work could not be done right now (a model that failed to load or score); the request may be retried.</summary>
    Unavailable,
}

/// <summary>The single error type of the engine: every refusal carries a kind and a sentence a person can read.</summary>
public sealed class DomainException(FailureKind kind, string message) : Exception(message)
{
    public FailureKind Kind { get; } = kind;

    public static DomainException NotFound(string what) => new(FailureKind.NotFound, what);

    public static DomainException Invalid(string why) => new(FailureKind.Validation, why);

    public static DomainException Conflict(string why) => new(FailureKind.Conflict, why);

    public static DomainException Forbidden(string why) => new(FailureKind.Forbidden, why);

    public static DomainException Unavailable(string why) => new(FailureKind.Unavailable, why);
}
