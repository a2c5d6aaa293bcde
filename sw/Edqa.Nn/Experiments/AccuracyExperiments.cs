using System.Diagnostics;
using Edqa.Core.Quantization;
using Edqa.Core.Ranking;
using Edqa.Nn.Quantization;

namespace Edqa.Nn.Experiments;

/// <summary>
/// The paper's accuracy experiments: Table 2 (every method at N = 3, 4, 5), Figure 3 (eDQA over the ratio r) and
/// Figure 4 (eDQA over m). Methods that depend on the calibration subset (NoisyQuant's search, eDQA's ranking) run
/// once per run; the deterministic ones (float32, Direct and PoT with dynamic scales) once, repeated in every run's
/// column so means and standard deviations read the same way.
/// </summary>
public static class AccuracyExperiments
{

    /// <summary>Table 2: each of <paramref name="methods"/> (default: all of <see cref="Methods.All"/>) at each N;
    /// the methods that take a channel ranking rank at <paramref name="rankBits"/>, or at each row's own N when
    /// null.</summary>
    public static AccuracyResults Table2(
        ExperimentSetup setup, int[] bits, int extraBits, double ratio, Action<ProgressStep>? progress = null,
        IReadOnlyList<Method>? methods = null, AdqTraining.Options? adq = null,
        int? rankBits = null, Shard? shard = null, DqssSettings? dqss = null) =>
        Run(setup, Experiment.Table2.Name, progress, _ => bits.SelectMany(n => (methods ?? Methods.All)
                .Select(method => (method, n, extraBits, method.TakesRanking ? ratio : 0.0))).ToArray(),
            adq, rankBits, shard, dqss);

    public static AccuracyResults RatioSweep(ExperimentSetup setup, int bits, int extraBits, double[] ratios,
        Action<ProgressStep>? progress = null, Shard? shard = null) =>
        Run(setup, Experiment.RatioSweep.Name, progress,
            _ => ratios.Select(r => (Methods.Edqa, bits, extraBits, r)).ToArray(), rankBits: bits, shard: shard);

    public static AccuracyResults ExtraBitsSweep(ExperimentSetup setup, int bits, int[] extraBits, double ratio,
        Action<ProgressStep>? progress = null, Shard? shard = null) =>
        Run(setup, Experiment.ExtraBitsSweep.Name, progress,
            _ => extraBits.Select(m => (Methods.Edqa, bits, m, ratio)).ToArray(), rankBits: bits, shard: shard);

    private static AccuracyResults Run(
        ExperimentSetup setup, string name, Action<ProgressStep>? progress,
        Func<RankFile?, (Method Method, int Bits, int ExtraBits, double Ratio)[]> settings,
        AdqTraining.Options? adqOptions = null,
        int? rankBits = null, Shard? shard = null, DqssSettings? dqssSettings = null)
    {
        shard ??= Shard.All;
        var watch = Stopwatch.StartNew();
        var rows = settings(null).Select(s =>
            (s.Method, s.Bits, s.ExtraBits, s.Ratio, Accuracies: Enumerable.Repeat(double.NaN, setup.Runs).ToArray()))
                .ToArray();
        var deterministic = new Dictionary<(Method, int), double>();
        var searches = new List<DqssSearchResult>();
        var fineTunes = new List<AdqRecord>();
        double float32 = ExperimentSetup.NoGrad(() => setup.Accuracy(null));
        // A row depends on the run when it uses the run's calibration subset: its own search or ranking, or the
        // maxima calibrated from it (float32 uses no scale).
        bool calibratedMaxima = setup.ScaleSource == ScaleSource.Calibrated;
        // A grid judged on calibration images depends on the run too.
        bool DependsOnRun(Method method) => method.NeedsCalibration || (calibratedMaxima && method != Methods.Float32)
            || (setup.Grid.NeedsCalibration && method.TakesGrid);
        // The work units in the unsharded order (shard.Owns): a row in a run, or a run-independent row once.
        var unitOf = new Dictionary<(int Run, int Row), int>();
        var firstUnitOf = new Dictionary<(Method, int), int>();
        for (int run = 0, unit = 0; run < setup.Runs; run++)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                unitOf[(run, i)] = DependsOnRun(rows[i].Method)
                    ? unit++
                    : firstUnitOf.GetOrCompute((rows[i].Method, rows[i].Bits), () => unit++);
            }
        }

        for (int run = 0; run < setup.Runs; run++)
        {
            if (!Enumerable.Range(0, rows.Length).Any(i => shard.Owns(unitOf[(run, i)])))
            {
                progress?.Invoke(new($"run {run + 1}/{setup.Runs}: another shard's", 1.0, Elsewhere: true));
                continue;  // nothing of this run is this shard's: not even its calibration scales
            }

            // The run's rankings, one per N they are asked for (cached across commands).
            var ranks = new Dictionary<int, RankFile>();
            RankFile RankAt(int bits) => ranks.GetOrCompute(bits, () =>
            {
                progress?.Invoke(new($"run {run + 1}/{setup.Runs}: ranking at N = {bits}", 0));
                return setup.Rank(run, bits);
            });
            var calibration = setup.Calibration(run);
            float[][]? maxima = setup.Maxima(run);
            bool[]? negative = setup.NegativeOnCalibration(run);
            var dqss = new DqssRun(setup.Model, calibration, setup.Seed(run), dqssSettings,
                setup.Grid.Grids(setup.Model, negative));
            var adq = new AdqRun(setup.Model, calibration, setup.Seed(run), adqOptions ?? new AdqTraining.Options());
            for (int i = 0; i < rows.Length; i++)
            {
                var row = rows[i];
                if (!shard.Owns(unitOf[(run, i)]))
                {
                    progress?.Invoke(new($"run {run + 1}/{setup.Runs}: {row.Method} N={row.Bits}: another shard's",
                        1.0 / rows.Length, Elsewhere: true));
                    continue;
                }

                // The row's share is reported once it is measured, so that the rate of the work done is the rate.
                string description = $"run {run + 1}/{setup.Runs}: {row.Method} "
                    + $"N={row.Bits}{(row.Method.TakesRanking ? $" m={row.ExtraBits} r={row.Ratio}" : string.Empty)}";
                progress?.Invoke(new(description, 0));
                bool dependsOnRun = DependsOnRun(row.Method);
                if (!dependsOnRun && deterministic.TryGetValue((row.Method, row.Bits), out double known))
                {
                    row.Accuracies[run] = known;
                    progress?.Invoke(new(description, 1.0 / rows.Length));
                    continue;
                }

                double accuracy = ExperimentSetup.NoGrad(() =>
                {
                    RankFile? rank = row.Method.TakesRanking ? RankAt(rankBits ?? row.Bits) : null;
                    var (model, quantizer) = row.Method.Build(new MethodContext(setup.Model,
                        new QuantFormat(row.Bits, row.ExtraBits), setup.Granularity, rank, row.Ratio, calibration,
                        setup.Seed(run), maxima, dqss, adq, setup.Grid.Choice, negative));
                    return setup.Accuracy(quantizer, model);
                });
                row.Accuracies[run] = accuracy;
                if (!dependsOnRun)
                {
                    deterministic[(row.Method, row.Bits)] = accuracy;
                }

                progress?.Invoke(new(description, 1.0 / rows.Length));
            }

            searches.AddRange(dqss.Searches);
            fineTunes.AddRange(adq.Records);
        }

        // Searches and fine-tunes in one canonical order (seed, then N), so that a merge of shards lists them as the
        // unsharded run does.
        return new AccuracyResults(name, setup.Model.Architecture, Path.GetFileName(setup.Checkpoint), float32,
            setup.Runs, setup.CalibrationSize,
            $"{setup.ScaleSource.ToString().ToLowerInvariant()} per {setup.Granularity.ToString().ToLowerInvariant()}",
        Training.Evaluation.BatchSize, watch.Elapsed.TotalSeconds,
            rows.Select(r =>
                new AccuracyRow(r.Method.Name, r.Bits, r.ExtraBits, r.Ratio, r.Accuracies,
                        r.Method.TakesRanking ? rankBits ?? r.Bits : null,
                        r.Method.TakesGrid ? setup.Grid.Label : null)).ToArray(),
            searches.Count == 0 ? null : searches.OrderBy(s => s.Seed).ThenBy(s => s.Bits).ToArray(),
            fineTunes.Count == 0 ? null : fineTunes.OrderBy(f => f.Seed).ThenBy(f => f.Bits).ToArray(),
            setup.Provenance, shard.IsAll ? null : shard);
    }
}

/// <summary>A step of an experiment's work as its progress callback gets it: what is being done, the runs' share just
/// done (0 when a step starts), and whether another shard measures it (done at once, not at the work's rate).</summary>
public readonly record struct ProgressStep(string Description, double Done, bool Elsewhere = false);
