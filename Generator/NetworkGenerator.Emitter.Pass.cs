using System.Collections.Generic;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator;

internal static partial class NetworkEmitter
{
    /// <summary>
    /// Layers with at most this many weights are unrolled into straight-line code with constant indices; wider layers
    /// loop over the runtime's vectorised kernels instead. Measured (ns per Forward, this machine, noisy): 4→8→1
    /// is fastest unrolled (≈20 vs ≈50 looped); 16→16→16 is even (≈90–117 unrolled, ≈111–138 looped); 64→32→10 with
    /// its 32→10 layer unrolled took ≈560 against ≈260 looped, and 8→64→8 unrolled (512-weight layers) ≈1000 against
    /// ≈240. Past a few hundred weights the JIT stops keeping the unrolled values in registers.
    /// </summary>
    public const int UnrollWeightLimit = 256;

    /// <summary>How many products an unrolled sum writes on one line before it wraps.</summary>
    private const int TermsPerLine = 8;

    private static bool IsUnrolled(LayerSpec layer) => layer.WeightCount <= UnrollWeightLimit;

    /// <summary>
    /// A vector of values in the generated code: scalar locals <c>h0_0, h0_1, …</c> (unrolled layers) or a span
    /// <c>h0</c> (looped layers, vector activations, and the method's own span parameters).
    /// </summary>
    private sealed record Values(string Name, int Width, bool IsSpan)
    {
        public string this[int index] => IsSpan ? $"{Name}[{index}]" : $"{Name}_{index}";
    }

    /// <summary>
    /// What one generated method has computed so far: the output of each layer of its forward pass
    /// (<c>h{k}</c> for layer k), and which vectors already exist as spans.
    /// </summary>
    private sealed class Pass
    {
        private readonly HashSet<string> _spans = new();

        public Pass(SourceWriter writer, NetworkSpec network)
        {
            Writer = writer;
            Network = network;
            Input = new Values("input", network.InputSize, IsSpan: true);
        }

        public SourceWriter Writer { get; }

        public NetworkSpec Network { get; }

        public Values Input { get; }

        /// <summary>h{k}: the output of layer k, in layer order.</summary>
        public List<Values> LayerOutputs { get; } = new();

        /// <summary>The input of layer k: the sample for layer 0, else the previous layer's output.</summary>
        public Values LayerInput(int k) => k == 0 ? Input : LayerOutputs[k - 1];

        /// <summary>
        /// The same values as a span: locals are copied once into <c>Span&lt;float&gt; name = stackalloc float[] { … }</c>.
        /// </summary>
        public Values AsSpan(Values values)
        {
            if (values.IsSpan) return values;
            Values span = values with { IsSpan = true };
            if (_spans.Add(values.Name))
            {
                var elements = new List<string>();
                for (int i = 0; i < values.Width; i++) elements.Add(values[i]);
                Writer.WriteLine($"{Span} {values.Name} = stackalloc float[] {{ {string.Join(", ", elements)} }};");
            }
            return span;
        }

        /// <summary>Declares a new span of <paramref name="width"/> floats on the stack.</summary>
        public Values NewSpan(string name, int width)
        {
            _spans.Add(name);
            Writer.WriteLine($"{Span} {name} = stackalloc float[{width}];");
            return new Values(name, width, IsSpan: true);
        }
    }

    /// <summary>A sum of terms on lines of <see cref="TermsPerLine"/>: <c>a + b + … \n    + i + j</c>.</summary>
    private static void WriteSum(SourceWriter writer, string assignment, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0)
        {
            writer.WriteLine(assignment + "0f;");
            return;
        }
        for (int start = 0; start < terms.Count; start += TermsPerLine)
        {
            int count = System.Math.Min(TermsPerLine, terms.Count - start);
            string line = string.Join(" + ", ((List<string>)terms).GetRange(start, count));
            bool last = start + count >= terms.Count;
            writer.WriteLine((start == 0 ? assignment : "    + ") + line + (last ? ";" : ""));
        }
    }
}
