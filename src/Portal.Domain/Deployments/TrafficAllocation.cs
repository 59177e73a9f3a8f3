using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// How a model's traffic is split between its versions. Every instance sums to exactly 100 % (in tenths),
/// has no duplicate version and no negative share: the factories are the only way in, so a router never
/// sees a broken split.
/// </summary>
public sealed class TrafficAllocation : IEquatable<TrafficAllocation>
{
    /// <summary>Default ceiling for the total share of versions that are not in Production.</summary>
    public static readonly TrafficPercent DefaultCandidateCap = TrafficPercent.FromTenths(500);

    private readonly TrafficShare[] shares;

    private TrafficAllocation(TrafficShare[] shares) => this.shares = shares;

    /// <summary>In the order given; versions at 0 % may be listed (a stepped-down canary) and take no traffic.</summary>
    public IReadOnlyList<TrafficShare> Shares => shares;

    /// <summary>All traffic to one version: a full rollout, a completed blue-green switch or a rollback.</summary>
    public static TrafficAllocation Single(string version) => new([new TrafficShare(RequireVersion(version), TrafficPercent.Hundred)]);

    /// <summary>A canary split: the candidate gets <paramref name="candidate"/>, the stable version the rest.</summary>
    public static TrafficAllocation Canary(string stable, string candidateVersion, TrafficPercent candidate)
    {
        if (string.Equals(stable, candidateVersion, StringComparison.Ordinal))
        {
            throw DomainException.Invalid($"candidateVersion: {candidateVersion} is already the stable version.");
        }

        return new([
            new TrafficShare(RequireVersion(stable), TrafficPercent.Hundred - candidate),
            new TrafficShare(RequireVersion(candidateVersion), candidate),
        ]);
    }

    /// <summary>
    /// Checks a requested split against every rule and returns it, or throws <see cref="DomainException"/> naming
    /// the first problem (field and value), so a front door can answer 400 and change nothing.
    /// </summary>
    /// <param name="requested">The shares as sent.</param>
    /// <param name="lookup">The version by its text, or null when the model has no such version.</param>
    /// <param name="candidateCap">
    /// Ceiling for the total share of versions not in Production (per model). It is below 100 % by construction:
    /// a non-Production version reaches 100 % only by an approved promotion, which makes it Production first.
    /// </param>
    public static TrafficAllocation Validate(
        IReadOnlyList<RequestedShare>? requested,
        Func<string, ServingVersion?> lookup,
        TrafficPercent candidateCap)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        if (candidateCap >= TrafficPercent.Hundred)
        {
            throw DomainException.Invalid("candidateCapPercent: the cap for versions not in Production must be below 100.");
        }

        if (requested is null || requested.Count == 0)
        {
            throw DomainException.Invalid("allocations: at least one version with its percent is required.");
        }

        var shares = new TrafficShare[requested.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var candidates = TrafficPercent.Zero;
        var total = 0;
        for (var i = 0; i < requested.Count; i++)
        {
            var field = $"allocations[{i}]";
            var version = requested[i].Version?.Trim();
            if (string.IsNullOrEmpty(version))
            {
                throw DomainException.Invalid($"{field}.version is required.");
            }

            var percent = TrafficPercent.Parse(requested[i].Percent, $"{field}.percent");
            if (!seen.Add(version))
            {
                throw DomainException.Invalid($"{field}.version: {version} is listed more than once.");
            }

            var known = lookup(version) ?? throw DomainException.Invalid($"{field}.version: {version} does not exist.");

            // A version at 0 % takes no traffic, so only versions that would receive requests must be able to serve.
            if (!percent.IsZero && known.WhyNotServing() is { } why)
            {
                throw DomainException.Invalid($"{field}.version: {version} {why} and cannot serve traffic.");
            }

            if (!known.IsProduction)
            {
                candidates += percent;
            }

            total += percent.Tenths;
            shares[i] = new TrafficShare(version, percent);
        }

        if (total != TrafficPercent.WholeTenths)
        {
            throw DomainException.Invalid($"allocations: percents sum to {total / 10m:0.#}, not exactly 100.");
        }

        if (candidates > candidateCap)
        {
            throw DomainException.Invalid(
                $"allocations: versions not in Production would get {candidates} % in total, above the model's cap of {candidateCap} %; " +
                "more needs an approved Production promotion.");
        }

        return new TrafficAllocation(shares);
    }

    /// <summary>
    /// An allocation read back from storage, where only this engine writes. Refuses a stored split that breaks the
    /// invariants (sum other than 100 %, duplicate or empty version) instead of routing with it.
    /// </summary>
    public static TrafficAllocation FromStored(IEnumerable<TrafficShare> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var shares = stored.ToArray();
        var distinct = shares.Select(s => s.Version).Distinct(StringComparer.Ordinal).Count();
        if (shares.Length == 0 || distinct != shares.Length || shares.Any(s => string.IsNullOrWhiteSpace(s.Version))
            || shares.Sum(s => s.Percent.Tenths) != TrafficPercent.WholeTenths)
        {
            throw new InvalidOperationException($"The stored traffic allocation '{string.Join(", ", shares.Select(s => $"{s.Version} {s.Percent} %"))}' is not a valid split.");
        }

        return new TrafficAllocation(shares);
    }

    /// <summary>The share of <paramref name="version"/>, 0 when it is not listed.</summary>
    public TrafficPercent ShareOf(string version)
    {
        foreach (var share in shares)
        {
            if (string.Equals(share.Version, version, StringComparison.Ordinal))
            {
                return share.Percent;
            }
        }

        return TrafficPercent.Zero;
    }

    public bool Contains(string version) => Array.Exists(shares, s => string.Equals(s.Version, version, StringComparison.Ordinal));

    /// <summary>
    /// Moves traffic between one version and the stable version: <paramref name="version"/> ends at
    /// <paramref name="share"/> and the stable version absorbs the difference. Used by the canary steps and by
    /// rollbacks, which never touch a third version's share. A version that ends at 0 % stays listed at 0 %:
    /// the router places versions by the listed set, so dropping it could shift another candidate's keys.
    /// </summary>
    public TrafficAllocation Move(string version, TrafficPercent share, string stable)
    {
        if (string.Equals(version, stable, StringComparison.Ordinal))
        {
            throw DomainException.Invalid($"version: {version} is the stable version; move a candidate's share instead.");
        }

        var pool = ShareOf(version) + ShareOf(stable);
        if (share > pool)
        {
            throw DomainException.Invalid(
                $"percent: {version} can get at most {pool} % (its share plus the stable version's), not {share} %.");
        }

        // Stable first, then the others as they were, the moved version last: the order is only presentational,
        // the router sorts versions on its own.
        var result = new List<TrafficShare>(shares.Length + 2) { new(stable, pool - share) };
        foreach (var existing in shares)
        {
            if (!string.Equals(existing.Version, version, StringComparison.Ordinal) && !string.Equals(existing.Version, stable, StringComparison.Ordinal))
            {
                result.Add(existing);
            }
        }

        result.Add(new TrafficShare(version, share));
        return new TrafficAllocation([.. result]);
    }

    public bool Equals(TrafficAllocation? other) =>
        other is not null && shares.AsSpan().SequenceEqual(other.shares);

    public override bool Equals(object? obj) => Equals(obj as TrafficAllocation);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var share in shares)
        {
            hash.Add(share);
        }

        return hash.ToHashCode();
    }

    /// <summary>"1.0.0 90 %, 1.1.0 10 %": the words an audit event and a confirmation dialog use.</summary>
    public override string ToString() => string.Join(", ", shares.Select(s => $"{s.Version} {s.Percent} %"));

    private static string RequireVersion(string version) =>
        string.IsNullOrWhiteSpace(version) ? throw DomainException.Invalid("version is required.") : version.Trim();
}
