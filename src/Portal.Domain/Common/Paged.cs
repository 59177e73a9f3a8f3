namespace ModelLifecycle.Domain.Common;

/// <summary>One page of a server-side paged list.</summary>
/// <remarks>
/// A page past the end is not an error: it comes back empty with the total and <see cref="LastPage"/>, so a client
/// (or a grid whose filter just shrank the list) can move to the last page.
/// </remarks>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    /// <summary>The number of the last page that has items (1 for an empty list).</summary>
    public int LastPage => PageSize <= 0 ? 1 : (int)Math.Max(1, ((long)Total + PageSize - 1) / PageSize);
}

/// <summary>A page request, clamped to sane bounds.</summary>
public sealed record PageRequest(int Page = 1, int PageSize = 25)
{
    public int SafePage => Math.Max(1, Page);

    public int SafeSize => Math.Clamp(PageSize, 1, 500);

    /// <summary>Rows to skip; computed in 64 bits and capped, so a huge page number gives an empty page, not an overflow.</summary>
    public int Skip => (int)Math.Min(int.MaxValue, ((long)SafePage - 1) * SafeSize);
}
