using System;
using System.ComponentModel;
using System.Threading;

namespace NetGen.Compute;

/// <summary>
/// ComputeGradients on several threads with the same bits whatever their number: the batch is cut into shards fixed by
/// its size alone (about four tiles of 32 samples each, at most 16), each shard's gradient is computed into its own
/// buffer, and the buffers are summed in shard order. One instance belongs to one network; it allocates its buffers
/// and work items on first use and nothing afterwards.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed unsafe class ShardedTraining
{
    /// <summary>Samples a shard holds at least: four tiles, so that a shard outweighs waking a thread and summing its buffer.</summary>
    public const int ShardSamples = 4 * TileKernels.Samples;

    /// <summary>The most shards a batch is cut into (and threads that can work on one call).</summary>
    public const int MaxShards = 16;

    private readonly ITrainingPasses _network;
    private readonly Worker[] _workers = new Worker[MaxShards];
    private float[]? _buffers;
    private readonly double[] _losses = new double[MaxShards];
    private readonly CountdownEvent _done = new(1);
    private Exception? _failure;

    // The call being run, read by the workers.
    private float* _inputs, _targets, _gradients;
    private int* _labels;
    private int _batch, _inputSize, _targetSize, _shards;
    private float _scale;

    /// <summary>Training for <paramref name="network"/>.</summary>
    public ShardedTraining(ITrainingPasses network) => _network = network;

    /// <summary>The shards a batch is cut into: its size decides, never the thread count.</summary>
    public static int ShardCount(int batch) => Math.Clamp(batch / ShardSamples, 1, MaxShards);

    /// <summary>
    /// Sets <paramref name="gradients"/> to the batch's loss gradient times <paramref name="scale"/> with
    /// <paramref name="threads"/> threads (the caller's among them); returns the summed loss.
    /// </summary>
    public double Run(ReadOnlySpan<float> inputs, BatchTargets targets, Span<float> gradients, float scale, int threads)
    {
        fixed (float* x = inputs, t = targets.Values, g = gradients)
        fixed (int* l = targets.Labels)
        {
            _inputs = x;
            _targets = targets.HasLabels ? null : t;
            _labels = targets.HasLabels ? l : null;
            _gradients = g;
            int inputSize = _network.InputSize;
            return RunShards(inputs.Length / inputSize, inputSize, targets.Width, scale, threads);
        }
    }

    private double RunShards(int batch, int inputSize, int targetSize, float scale, int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Expected at least one thread.");
        _batch = batch;
        _inputSize = inputSize;
        _targetSize = targetSize;
        _scale = scale;
        _shards = ShardCount(batch);
        int length = _network.Gradients.Length;
        if (_shards > 1 && (_buffers is null || _buffers.Length < (_shards - 1) * length)) _buffers = new float[(MaxShards - 1) * length];

        // Shards are dealt round-robin to min(threads, shards) runners; the caller is runner 0. Which runner computes a
        // shard does not matter: each writes only its own buffer.
        int runners = Math.Min(threads, _shards);
        _done.Reset(runners);
        for (int runner = 1; runner < runners; runner++)
        {
            _workers[runner] ??= new Worker(this, runner);
            _workers[runner].Stride = runners;
            ThreadPool.UnsafeQueueUserWorkItem(_workers[runner], preferLocal: false);
        }
        RunShards(first: 0, stride: runners);
        _done.Signal();
        _done.Wait();
        ThrowAnyFailure();

        // Sum the shard buffers into the first in shard order (each float the same sum whatever ran where), the parameter
        // range split among the runners.
        if (_shards > 1) Reduce(runners);
        double loss = 0;
        for (int shard = 0; shard < _shards; shard++) loss += _losses[shard];
        return loss;
    }

    private void RunShards(int first, int stride)
    {
        for (int shard = first; shard < _shards; shard += stride) RunShard(shard);
    }

    private void RunShard(int shard)
    {
        // Shard boundaries on whole tiles, so that a shard's tiles are those of a single-shard run over its samples.
        int tiles = (_batch + TileKernels.Samples - 1) / TileKernels.Samples;
        int start = tiles * shard / _shards * TileKernels.Samples;
        int end = Math.Min(_batch, tiles * (shard + 1) / _shards * TileKernels.Samples);
        int length = _network.Gradients.Length;
        var gradients = shard == 0 ? new Span<float>(_gradients, length) : _buffers.AsSpan((shard - 1) * length, length);
        var inputs = new ReadOnlySpan<float>(_inputs + (long)start * _inputSize, (end - start) * _inputSize);
        BatchTargets targets = _labels is null
            ? new BatchTargets(new ReadOnlySpan<float>(_targets + (long)start * _targetSize, (end - start) * _targetSize), _targetSize)
            : new BatchTargets(new ReadOnlySpan<int>(_labels + start, end - start));
        _losses[shard] = _network.AccumulateBatch(inputs, targets, gradients, _scale, firstSample: start);
    }

    private void ReduceRange(int runner, int runners)
    {
        int length = _network.Gradients.Length;
        int from = (int)((long)length * runner / runners), to = (int)((long)length * (runner + 1) / runners);
        var total = new Span<float>(_gradients + from, to - from);
        for (int shard = 1; shard < _shards; shard++)
            System.Numerics.Tensors.TensorPrimitives.Add(total, _buffers.AsSpan((shard - 1) * length + from, to - from), total);
    }

    /// <summary>Sums the shard buffers, each runner its slice of the parameters, the caller as runner 0.</summary>
    private void Reduce(int runners)
    {
        _done.Reset(runners);
        for (int runner = 1; runner < runners; runner++)
        {
            _workers[runner].Reduce = true;
            ThreadPool.UnsafeQueueUserWorkItem(_workers[runner], preferLocal: false);
        }
        ReduceRange(0, runners);
        _done.Signal();
        _done.Wait();
        for (int runner = 1; runner < runners; runner++) _workers[runner].Reduce = false;
        ThrowAnyFailure();
    }

    private void ThrowAnyFailure()
    {
        Exception? failure = Interlocked.Exchange(ref _failure, null);
        if (failure is not null) throw new AggregateException("A training shard failed on a worker thread.", failure);
    }

    /// <summary>A reusable thread-pool work item: a runner's shards, or its slice of the sum.</summary>
    private sealed class Worker : IThreadPoolWorkItem
    {
        private readonly ShardedTraining _owner;
        private readonly int _runner;

        public Worker(ShardedTraining owner, int runner)
        {
            _owner = owner;
            _runner = runner;
        }

        public int Stride { get; set; }

        public bool Reduce { get; set; }

        public void Execute()
        {
            try
            {
                if (Reduce) _owner.ReduceRange(_runner, Stride);
                else _owner.RunShards(_runner, Stride);
            }
            catch (Exception failure)
            {
                // An exception must not escape a thread-pool thread (it ends the process): the caller rethrows it.
                Interlocked.CompareExchange(ref _owner._failure, failure, null);
            }
            finally
            {
                _owner._done.Signal();
            }
        }
    }
}
