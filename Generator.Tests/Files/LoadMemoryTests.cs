using System;
using System.IO;
using Xunit;

namespace NetGen.Tests.Files;

/// <summary>
/// A load of a large network allocates the file it reads and a few copies of the network, nothing a value (a string a
/// value once made a 20 MB JSON load allocate 100 MB). The hostile suite bounds small loads; this bounds a large one.
/// </summary>
public class LoadMemoryTests
{
    [Theory]
    // copies of the network beyond the file's bytes: the checked copy; for a checkpoint also its two Adam buffers,
    // the OptimizerState's copies of them and the optimizer the saved hyper-parameters are checked with.
    [InlineData("WeightsFile", 1)]
    [InlineData("SafeTensorsFile", 1)]
    [InlineData("ModelFile", 1)]
    [InlineData("CheckpointFile", 7)]
    public void ALoadAllocatesTheFileAndAFewCopiesOfTheNetworkAtMost(string format, int copies)
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("large." + format);
        var network = new LargeNet(seed: 1);
        var adam = new Adam(LargeNet.ParameterCount);
        KillDuringSaveTests.Save(format, network, adam, path);
        long networkBytes = 4L * LargeNet.ParameterCount, fileBytes = new FileInfo(path).Length;

        long before = GC.GetAllocatedBytesForCurrentThread();
        switch (format)
        {
            case "WeightsFile": WeightsFile.Load(network, path); break;
            case "SafeTensorsFile": SafeTensorsFile.Load(network, path); break;
            case "CheckpointFile": CheckpointFile.Load(path, network, adam); break;
            default: ModelFile.Load(network, path); break;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long limit = fileBytes + copies * networkBytes + networkBytes / 10 + (64 << 10); // 10 % and 64 KiB for the rest
        Assert.True(allocated <= limit, $"{format}: a load of a {fileBytes}-byte file allocated {allocated} bytes; the limit is {limit}.");
    }
}
