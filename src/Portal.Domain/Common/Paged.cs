namespace ModelLifecycle.Domain.Common;

/// <summary>One page of a server-side paged list.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>A page request, clamped to sane bounds.</summary>
public sealed record PageRequest(int Page = 1, int PageSize = 25)
{
    public int SafePage => Math.Max(1, Page);

    public int SafeSize => Math.Clamp(PageSize, 1, 500);

    public int Skip => (SafePage - 1) * SafeSize;
}
