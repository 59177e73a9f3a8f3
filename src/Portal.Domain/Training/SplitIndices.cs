namespace ModelLifecycle.Domain.Training;

/// <summary>Row indices (ascending) of a dataset's training and validation parts; together they cover every row once.</summary>
public sealed record SplitIndices(int[] Train, int[] Validation);
