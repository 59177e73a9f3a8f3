using Microsoft.ML;
using Microsoft.ML.Data;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// A read-only ML.NET view over some rows of a <see cref="TabularDataset"/>, with one column per feature named after
/// it (<c>Single</c> for numeric, text for categorical) and optionally <c>Label</c>. The schema is built at run time
/// from the model's feature schema, so no compiled class per model is needed, and the row subset is an index list,
/// so splits and row budgets share the dataset's arrays instead of copying them.
/// </summary>
internal sealed class TabularDataView : IDataView
{
    public const string LabelColumn = "Label";

    private readonly Func<Func<int>, Delegate>[] getters;
    private readonly int[] rows;

    /// <param name="labelType">Boolean for binary classification, Single (0/1 or a value) otherwise, or
    /// null for a view of features only (the schema a saved model declares as its input).</param>
    public TabularDataView(TabularDataset data, IReadOnlyList<FeatureDefinition> features, int[] rows, DataViewType? labelType)
    {
        var schema = new DataViewSchema.Builder();
        var columns = new List<Func<Func<int>, Delegate>>();
        foreach (var feature in features)
        {
            if (feature.Type == FeatureType.Numeric)
            {
                var values = data.Numeric[feature.Name];
                schema.AddColumn(feature.Name, NumberDataViewType.Single);
                columns.Add(row => (ValueGetter<float>)((ref float v) => v = values[row()]));
            }
            else
            {
                var values = data.Categorical[feature.Name];
                schema.AddColumn(feature.Name, TextDataViewType.Instance);
                columns.Add(row => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (values[row()] ?? "").AsMemory()));
            }
        }

        if (labelType is not null)
        {
            var label = data.Label;
            schema.AddColumn(LabelColumn, labelType);
            columns.Add(labelType is BooleanDataViewType
                ? row => (ValueGetter<bool>)((ref bool v) => v = label[row()] > 0.5f)
                : row => (ValueGetter<float>)((ref float v) => v = label[row()]));
        }

        Schema = schema.ToSchema();
        getters = [.. columns];
        this.rows = rows;
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => rows.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    // One cursor: the trainers here are single-threaded for determinism, so splitting the rows buys nothing.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(TabularDataView view) : DataViewRowCursor
    {
        private int position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (position + 1 < view.rows.Length)
            {
                position++;
                return true;
            }

            position = view.rows.Length;
            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)view.rows[position], 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            // Each getter reads the row under the cursor when called, as ML.NET expects of a getter.
            return view.getters[column.Index](() => view.rows[position]) as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column {column.Name} is {column.Type}, not {typeof(TValue).Name}.");
        }
    }
}
