using System.Buffers;

namespace Moderation.Classifiers.Training;

/// <summary>
/// L2-regularised logistic regression with a fixed offset per row: logit = offset + v·x + b, minimising
/// Σ weight·log(1 + e^(−y·logit)) + ½·l2·|v|² with L-BFGS (the bias is not regularised). With the offset a base
/// model's logit, v is a correction that the L2 pulls towards the base model rather than towards zero — the
/// prior-centred adaptation of a linear model (Chelba and Acero, 2006). Single-threaded and deterministic.
/// </summary>
internal static class OffsetLogisticRegression
{
    /// <summary>One training row: sparse features (indices into the full dimension, values), its offset, label and weight.</summary>
    internal readonly record struct Row(int[] Indices, float[] Values, double Offset, bool Label, double Weight);

    private const int History = 20;

    /// <summary>Stop when an iteration improves the objective by less than this share of it.</summary>
    public const double Tolerance = 1e-7;

    public const int MaximumIterations = 500;

    /// <summary>Fits v (length <paramref name="dimension"/>, zero where no row has a feature) and b.</summary>
    public static (float[] Weights, float Bias) Fit(IReadOnlyList<Row> rows, int dimension, double l2, double tolerance = Tolerance, int maxIterations = MaximumIterations)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(l2);

        // Only features some row has can move from zero: optimise over those, in a compact index space.
        var compact = new Dictionary<int, int>();
        var rowsCompact = new (int[] Indices, float[] Values)[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var indices = new int[rows[r].Indices.Length];
            for (var k = 0; k < indices.Length; k++)
            {
                var index = rows[r].Indices[k];
                if (!compact.TryGetValue(index, out var c))
                {
                    c = compact.Count;
                    compact[index] = c;
                }

                indices[k] = c;
            }

            rowsCompact[r] = (indices, rows[r].Values);
        }

        // Parameters: the compact weights, then the bias.
        var n = compact.Count + 1;
        // Working arrays come from the shared pool (and may be longer than n): a retrain fits dozens of models, and
        // fresh arrays of this size each time would churn the large-object heap, whose collections pause every
        // thread of the service.
        var rented = new List<double[]>();
        double[] Rent()
        {
            var array = ArrayPool<double>.Shared.Rent(n);
            Array.Clear(array, 0, n);
            rented.Add(array);
            return array;
        }

        try
        {
            return Minimise(rows, rowsCompact, compact, n, dimension, l2, tolerance, maxIterations, Rent);
        }
        finally
        {
            foreach (var array in rented)
            {
                ArrayPool<double>.Shared.Return(array);
            }
        }
    }

    private static (float[] Weights, float Bias) Minimise(
        IReadOnlyList<Row> rows, (int[] Indices, float[] Values)[] rowsCompact, Dictionary<int, int> compact, int n, int dimension,
        double l2, double tolerance, int maxIterations, Func<double[]> rent)
    {
        var x = rent();
        var g = rent();
        var f = Evaluate(rows, rowsCompact, x, g, n, l2);
        // The last History steps and gradient changes, oldest first; their arrays are reused once History is full.
        var s = new List<double[]>(History);
        var y = new List<double[]>(History);
        var rho = new List<double>(History);
        var spare = new Stack<(double[] S, double[] Y)>();
        var direction = rent();
        var next = rent();
        var nextG = rent();
        var alpha = new double[History];

        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            if (Norm(g, n) <= tolerance * Math.Max(1, Norm(x, n)) * rows.Count)
            {
                break;
            }

            // Two-loop recursion: direction = −H·g.
            Array.Copy(g, direction, n);
            for (var k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * Dot(s[k], direction, n);
                Axpy(-alpha[k], y[k], direction, n);
            }

            var scale = s.Count > 0 ? Dot(s[^1], y[^1], n) / Dot(y[^1], y[^1], n) : 1 / Math.Max(1, Norm(g, n));
            for (var i = 0; i < n; i++)
            {
                direction[i] *= scale;
            }

            for (var k = 0; k < s.Count; k++)
            {
                var beta = rho[k] * Dot(y[k], direction, n);
                Axpy(alpha[k] - beta, s[k], direction, n);
            }

            for (var i = 0; i < n; i++)
            {
                direction[i] = -direction[i];
            }

            var slope = Dot(g, direction, n);
            if (slope >= 0)
            {
                // Not a descent direction (curvature lost): restart from steepest descent.
                for (var k = 0; k < s.Count; k++)
                {
                    spare.Push((s[k], y[k]));
                }

                s.Clear();
                y.Clear();
                rho.Clear();
                for (var i = 0; i < n; i++)
                {
                    direction[i] = -g[i] / Math.Max(1, Norm(g, n));
                }

                slope = Dot(g, direction, n);
            }

            // Backtracking line search with the Armijo condition.
            var step = 1.0;
            double nextF;
            while (true)
            {
                for (var i = 0; i < n; i++)
                {
                    next[i] = x[i] + step * direction[i];
                }

                nextF = Evaluate(rows, rowsCompact, next, nextG, n, l2);
                if (nextF <= f + 1e-4 * step * slope || step < 1e-12)
                {
                    break;
                }

                step *= 0.5;
            }

            var (sk, yk) = spare.Count > 0 ? spare.Pop() : (rent(), rent());
            for (var i = 0; i < n; i++)
            {
                sk[i] = next[i] - x[i];
                yk[i] = nextG[i] - g[i];
            }

            var sy = Dot(sk, yk, n);
            if (sy > 1e-12)
            {
                if (s.Count == History)
                {
                    spare.Push((s[0], y[0]));
                    s.RemoveAt(0);
                    y.RemoveAt(0);
                    rho.RemoveAt(0);
                }

                s.Add(sk);
                y.Add(yk);
                rho.Add(1 / sy);
            }
            else
            {
                spare.Push((sk, yk));
            }

            var improvement = f - nextF;
            (x, next) = (next, x);
            (g, nextG) = (nextG, g);
            f = nextF;
            if (improvement <= tolerance * Math.Max(1, Math.Abs(f)))
            {
                break;
            }
        }

        var weights = new float[dimension];
        foreach (var (index, c) in compact)
        {
            weights[index] = (float)x[c];
        }

        return (weights, (float)x[n - 1]);
    }

    /// <summary>The objective at <paramref name="x"/>, with its gradient written to <paramref name="gradient"/>.</summary>
    private static double Evaluate(IReadOnlyList<Row> rows, (int[] Indices, float[] Values)[] compact, double[] x, double[] gradient, int n, double l2)
    {
        var biasIndex = n - 1;
        double f = 0;
        for (var i = 0; i < biasIndex; i++)
        {
            f += 0.5 * l2 * x[i] * x[i];
            gradient[i] = l2 * x[i];
        }

        gradient[biasIndex] = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            var (indices, values) = compact[r];
            var logit = rows[r].Offset + x[biasIndex];
            for (var k = 0; k < indices.Length; k++)
            {
                logit += x[indices[k]] * values[k];
            }

            // Loss log(1 + e^(−m)) with m = ±logit, and its derivative −σ(−m), both computed stably.
            var margin = rows[r].Label ? logit : -logit;
            var weight = rows[r].Weight;
            f += weight * Loss(margin);
            var sigmoid = margin > 0 ? Math.Exp(-margin) / (1 + Math.Exp(-margin)) : 1 / (1 + Math.Exp(margin));
            var d = weight * -sigmoid * (rows[r].Label ? 1 : -1);
            for (var k = 0; k < indices.Length; k++)
            {
                gradient[indices[k]] += d * values[k];
            }

            gradient[biasIndex] += d;
        }

        return f;
    }

    /// <summary>The logistic loss log(1 + e^(−m)) of a row with margin m (the logit, signed by the label), computed stably.</summary>
    internal static double Loss(double margin) => margin > 0 ? Math.Log(1 + Math.Exp(-margin)) : -margin + Math.Log(1 + Math.Exp(margin));

    private static double Dot(double[] a, double[] b, int n)
    {
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double Norm(double[] a, int n) => Math.Sqrt(Dot(a, a, n));

    private static void Axpy(double a, double[] x, double[] y, int n)
    {
        for (var i = 0; i < n; i++)
        {
            y[i] += a * x[i];
        }
    }
}
