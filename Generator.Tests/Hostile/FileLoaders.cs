using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Tests.Files;
using NetGen.Tests.Networks;

namespace NetGen.Tests.Hostile;

/// <summary>The runtime's loaders as <see cref="HostileLoader"/>s: weights JSON, safetensors, checkpoints, model files.</summary>
public static class FileLoaders
{
    /// <summary>
    /// What one load may allocate: 64 KiB for what does not grow with the network (the exception, its message, the
    /// header's dictionaries), plus 64 bytes a value of the file's largest content (the bytes read, at most 8 a value in
    /// F64 or about 25 as JSON text, and the float copies checked before anything changes).
    /// </summary>
    public static long Limit(long values) => (64L << 10) + 64L * values;

    public static IReadOnlyDictionary<string, Func<HostileLoader>> All { get; } = new Dictionary<string, Func<HostileLoader>>
    {
        ["WeightsFile"] = () =>
        {
            var network = new TinyReluSigmoidBce(seed: 1);
            var stream = new MemoryStream();
            WeightsFile.Save(network, stream);
            return Network("WeightsFile", stream.ToArray(), network, s => WeightsFile.Load(network, s)) with { Json = (0, (int)stream.Length) };
        },
        ["SafeTensorsFile"] = () =>
        {
            var network = new MixedRegressionNet(seed: 1);
            var stream = new MemoryStream();
            SafeTensorsFile.Save(network, stream);
            return SafeTensors(Network("SafeTensorsFile", stream.ToArray(), network, s => SafeTensorsFile.Load(network, s)));
        },
        ["SafeTensorsFile (PyTorch's BF16)"] = () =>
        {
            var network = new TinyReluSigmoidBce(seed: 1);
            byte[] file = File.ReadAllBytes(Infrastructure.TestPaths.Output("Files", "Fixtures", "tiny_bf16.safetensors"));
            return SafeTensors(Network("SafeTensorsFile (PyTorch's BF16)", file, network, s => SafeTensorsFile.Load(network, s)));
        },
        ["CheckpointFile (Adam)"] = () => Checkpoint("CheckpointFile (Adam)", n => new Adam(n, 0.01f, weightDecay: 0.1f)),
        ["CheckpointFile (Sgd Nesterov)"] = () => Checkpoint("CheckpointFile (Sgd Nesterov)", n => new Sgd(n, 0.01f, momentum: 0.9f, nesterov: true)),
        ["CheckpointFile (Adam, Dropout)"] = () => Checkpoint("CheckpointFile (Adam, Dropout)", n => new Adam(n, 0.01f), new DropoutClassifier(seed: 1)),
        ["ModelFile"] = () =>
        {
            var network = new IrisNet(seed: 1);
            var stream = new MemoryStream();
            ModelFile.Save(network, stream, new Standardizer([5.8f, 3f, 3.7f, 1.2f], [0.8f, 0.4f, 1.7f, 0.7f]), ["setosa", "versicolor", "virginica"]);
            return SafeTensors(Network("ModelFile", stream.ToArray(), network, s => ModelFile.Load(network, s), extraValues: 8));
        },
    };

    private static HostileLoader Checkpoint(string name, Func<int, IOptimizer> create, ITrainableNetwork? trained = null)
    {
        ITrainableNetwork network = trained ?? new TinyReluSigmoidBce(seed: 1);
        IOptimizer optimizer = create(network.Parameters.Length);
        var inputs = new float[4 * network.InputSize];
        new SeededRandom(3).FillUniform(inputs, 1f);
        float[] targets = new float[4 * network.OutputSize]; // one output: 0, 1, 1, 0; several: one class a sample
        for (int sample = 0; sample < 4; sample++)
            if (network.OutputSize > 1) targets[sample * network.OutputSize + sample % network.OutputSize] = 1f;
            else targets[sample] = sample is 1 or 2 ? 1f : 0f;
        network.ComputeGradients(inputs, targets);
        optimizer.Step(network.Parameters, network.Gradients); // buffers and step count that are not all zero
        var stream = new MemoryStream();
        CheckpointFile.Save(stream, network, optimizer);
        float[] parameters = network.Parameters.ToArray();
        OptimizerState state = optimizer.StateDict();
        var masks = network as IDropoutNetwork; // its seed and step are state a failed load must not change either
        (int seed, long step) = masks is null ? (0, 0L) : (masks.DropoutSeed, masks.DropoutStep);
        var loader = new HostileLoader(name, stream.ToArray(),
            s => CheckpointFile.Load(s, network, optimizer),
            () => Bits(network.Parameters).Concat(Serialize(optimizer.StateDict()))
                .Concat(masks is null ? [] : BitConverter.GetBytes(masks.DropoutSeed).Concat(BitConverter.GetBytes(masks.DropoutStep))).ToArray(),
            () =>
            {
                parameters.CopyTo(network.Parameters);
                optimizer.LoadStateDict(state);
                if (masks is not null)
                {
                    masks.DropoutSeed = seed;
                    masks.DropoutStep = step;
                }
            },
            Limit((1 + CheckpointFile.MaximumBuffers) * (long)network.Parameters.Length));
        return SafeTensors(loader);
    }

    private static HostileLoader Network(string name, byte[] file, INetwork network, Action<Stream> load, int extraValues = 0)
    {
        float[] initial = network.Parameters.ToArray();
        return new HostileLoader(name, file, load, () => Bits(network.Parameters), () => initial.CopyTo(network.Parameters),
            Limit(network.Parameters.Length + extraValues));
    }

    /// <summary>A safetensors file: its header is the JSON text, and the 8-byte header length the integer to lie in.</summary>
    private static HostileLoader SafeTensors(HostileLoader loader)
    {
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(loader.ValidFile);
        byte[] data = loader.ValidFile[(8 + headerLength)..];
        return loader with
        {
            Json = (8, headerLength),
            Reframe = header => SafeTensorsBytes.Build(header, data),
            BinaryIntegers = [(0, 8)],
        };
    }

    private static byte[] Bits(ReadOnlySpan<float> values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray();

    private static byte[] Serialize(OptimizerState state)
    {
        var writer = new BinaryWriter(new MemoryStream());
        writer.Write(state.Kind);
        writer.Write(state.StepCount);
        foreach ((string key, double value) in state.HyperParameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write(value);
        }
        foreach ((string key, ReadOnlyMemory<float> values) in state.Buffers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write(Bits(values.Span));
        }
        return ((MemoryStream)writer.BaseStream).ToArray();
    }
}
