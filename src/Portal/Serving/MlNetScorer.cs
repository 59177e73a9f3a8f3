using Microsoft.ML;
using Microsoft.ML.Data;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Portal.Serving;

/// <summary>
/// Scores an ML.NET <c>.zip</c> whose declared input is the model's features by name (<c>Single</c> for numeric, text
/// for categorical), as the portal's training saves it. ML.NET's <c>PredictionEngine</c> needs a compiled class per
/// schema and is not thread-safe; this does what it does inside, without the class: a reusable input row whose getters
/// read the current <see cref="FeatureRow"/>, mapped once through the model's row-to-row mapper, with the output
/// getters cached. Such an engine serves one thread at a time, so engines are pooled (a small lock-free array): a
/// prediction rents one, sets the row, reads Score/Probability/PredictedLabel, and returns it. No allocation per
/// prediction once the pool is warm.
/// </summary>
public sealed class MlNetScorer : IModelScorer
{
    private readonly ITransformer model;
    private readonly DataViewSchema input;
    private readonly int[] featureOfColumn;
    private readonly ModelTask task;
    private readonly Engine?[] pool = new Engine?[Math.Max(4, Environment.ProcessorCount * 2)];

    private MlNetScorer(string version, ITransformer model, DataViewSchema input, int[] featureOfColumn, ModelTask task)
    {
        Version = version;
        this.model = model;
        this.input = input;
        this.featureOfColumn = featureOfColumn;
        this.task = task;
        Return(new Engine(this)); // fails here, at load, if the model cannot map its own input
    }

    public string Version { get; }

    /// <summary>Loads the model and checks that its declared input is exactly the model's features with their types.</summary>
    public static MlNetScorer Load(Stream artifact, string version, ModelTask task, IReadOnlyList<FeatureDefinition> features)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(features);
        var ml = new MLContext();
        var model = ml.Model.Load(artifact, out var input);
        if (input is null)
        {
            throw DomainException.Invalid("The ML.NET model declares no input schema; save it with the input schema of the model's features.");
        }

        var positions = PredictionInput.Positions(features);
        var featureOfColumn = new int[input.Count];
        foreach (var column in input)
        {
            if (!positions.TryGetValue(column.Name, out var position))
            {
                throw DomainException.Invalid($"The ML.NET model expects an input column '{column.Name}' that is not a feature of the model.");
            }

            var expected = features[position].Type == FeatureType.Numeric ? NumberDataViewType.Single : (DataViewType)TextDataViewType.Instance;
            if (!column.Type.Equals(expected))
            {
                throw DomainException.Invalid($"The ML.NET model reads '{column.Name}' as {column.Type}, but the feature is {features[position].Type.ToString().ToLowerInvariant()} ({expected}).");
            }

            featureOfColumn[column.Index] = position;
        }

        return new MlNetScorer(version, model, input, featureOfColumn, task);
    }

    public ScoredPrediction Score(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var engine = Rent();
        try
        {
            return engine.Score(row);
        }
        finally
        {
            Return(engine);
        }
    }

    private Engine Rent()
    {
        var start = (uint)Environment.CurrentManagedThreadId % (uint)pool.Length;
        for (var i = 0u; i < pool.Length; i++)
        {
            var engine = Interlocked.Exchange(ref pool[(start + i) % pool.Length], null);
            if (engine is not null)
            {
                return engine;
            }
        }

        return new Engine(this);
    }

    private void Return(Engine engine)
    {
        var start = (uint)Environment.CurrentManagedThreadId % (uint)pool.Length;
        for (var i = 0u; i < pool.Length; i++)
        {
            if (Interlocked.CompareExchange(ref pool[(start + i) % pool.Length], engine, null) is null)
            {
                return;
            }
        }

        // Pool full (a burst created extra engines): let this one go.
    }

    /// <summary>One input row bound to the model's mapper, with the output getters it needs; one thread at a time.</summary>
    private sealed class Engine
    {
        private readonly InputRow row;
        private readonly ModelTask task;
        private readonly ValueGetter<float> score;
        private readonly ValueGetter<float>? probability;
        private readonly ValueGetter<bool>? predictedLabel;

        public Engine(MlNetScorer owner)
        {
            task = owner.task;
            row = new InputRow(owner.input, owner.featureOfColumn);
            var mapper = owner.model.GetRowToRowMapper(owner.input);
            var output = mapper.OutputSchema;
            var wanted = new List<DataViewSchema.Column> { Required(output, "Score") };
            if (task == ModelTask.BinaryClassification)
            {
                wanted.Add(Required(output, "Probability"));
            }

            if (task != ModelTask.Regression)
            {
                wanted.Add(Required(output, "PredictedLabel"));
            }

            var mapped = mapper.GetRow(row, wanted);
            score = mapped.GetGetter<float>(mapped.Schema["Score"]);
            if (task == ModelTask.BinaryClassification)
            {
                probability = mapped.GetGetter<float>(mapped.Schema["Probability"]);
            }

            if (task != ModelTask.Regression)
            {
                predictedLabel = mapped.GetGetter<bool>(mapped.Schema["PredictedLabel"]);
            }
        }

        public ScoredPrediction Score(FeatureRow features)
        {
            row.MoveTo(features);
            float value = 0;
            score(ref value);
            switch (task)
            {
                case ModelTask.BinaryClassification:
                    float p = 0;
                    bool label = false;
                    probability!(ref p);
                    predictedLabel!(ref label);
                    return new ScoredPrediction(label ? 1 : 0, p);
                case ModelTask.AnomalyDetection:
                    bool anomaly = false;
                    predictedLabel!(ref anomaly);
                    return new ScoredPrediction(anomaly ? 1 : 0, value);
                default:
                    return new ScoredPrediction(value, value);
            }
        }

        private static DataViewSchema.Column Required(DataViewSchema schema, string name) =>
            schema.GetColumnOrNull(name) ?? throw DomainException.Invalid($"The ML.NET model has no '{name}' output column, which its task needs.");
    }

    /// <summary>
    /// The input side of an engine: a row whose getters read the current <see cref="FeatureRow"/>. The position moves
    /// on every row, since ML.NET's getters may cache a value per position.
    /// </summary>
    private sealed class InputRow : DataViewRow
    {
        private readonly Delegate[] getters;
        private FeatureRow? current;
        private long position = -1;

        public InputRow(DataViewSchema schema, int[] featureOfColumn)
        {
            Schema = schema;
            getters = new Delegate[schema.Count];
            foreach (var column in schema)
            {
                var feature = featureOfColumn[column.Index];
                getters[column.Index] = column.Type is TextDataViewType
                    ? (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (current!.Texts[feature] ?? "").AsMemory())
                    : (ValueGetter<float>)((ref float v) => v = current!.Numbers[feature]);
            }
        }

        public override DataViewSchema Schema { get; }

        public override long Position => position;

        public override long Batch => 0;

        public void MoveTo(FeatureRow row)
        {
            current = row;
            position++;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            getters[column.Index] as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column {column.Name} is {column.Type}, not {typeof(TValue).Name}.");

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;
    }
}
