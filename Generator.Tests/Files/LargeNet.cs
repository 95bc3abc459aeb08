namespace NetGen.Tests.Files;

// 1,065,488 parameters: a save that takes long enough (a 20 MB JSON file, a 4 MB safetensors file) to be killed in
// the middle of.
[Linear(1024, 1024), ReLU, Linear(1024, 16)]
[MSELoss]
public partial class LargeNet { }
