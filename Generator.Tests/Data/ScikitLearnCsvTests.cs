using System;
using System.IO;
using System.Text;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>Dataset.LoadCsv in scikit-learn's format: what it reads, and every way a file can lie to it.</summary>
public class ScikitLearnCsvTests
{
    private static Dataset Load(string text) => Dataset.LoadCsv(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private static InvalidDataException Refused(string text) => Assert.Throws<InvalidDataException>(() => Load(text));

    [Fact]
    public void ReadsTheIrisFile()
    {
        var iris = Dataset.LoadCsv(TestPaths.Output("data", "iris.csv"));
        Assert.Equal(150, iris.Count);
        Assert.Equal(4, iris.FeatureCount);
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, iris.ClassNames);
        Assert.Equal(new[] { 5.1f, 3.5f, 1.4f, 0.2f }, iris.FeaturesOf(0).ToArray());
        Assert.Equal(0, iris.Labels[0]);
        Assert.Equal(2, iris.Labels[149]);
    }

    [Fact]
    public void AcceptsCrLfABomAndBlankLines()
    {
        byte[] file = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("2,2,a,b\r\n1,2,0\r\n\r\n3,4,1\r\n")];
        var data = Dataset.LoadCsv(new MemoryStream(file));
        Assert.Equal(new[] { "a", "b" }, data.ClassNames);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, data.Features.ToArray());
        Assert.Equal(new[] { 0, 1 }, data.Labels.ToArray());
    }

    [Theory]
    [InlineData("NaN", "not a finite number")]
    [InlineData("Infinity", "not a finite number")]
    [InlineData("-Infinity", "not a finite number")]
    [InlineData("1e39", "outside float's range")]
    [InlineData("-3.5e38", "outside float's range")]
    [InlineData("abc", "not a number")]
    [InlineData("", "not a number")]
    public void RefusesAFeatureThatIsNotAFiniteFloatNamingLineAndColumn(string cell, string problem)
    {
        var error = Refused($"2,2,a,b\n1,2,0\n3,{cell},1\n");
        Assert.StartsWith("line 3, column 2:", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Contains("expected a number", error.Message);
    }

    [Theory]
    [InlineData("50000,50000,a,b", "2500000000 values; expected at most")] // was an OverflowException
    [InlineData("65536,65536,a,b", "4294967296 values; expected at most")] // wrapped to 0: IndexOutOfRangeException
    [InlineData("-1,2,a,b", "not a positive row count")]
    [InlineData("2,0,a,b", "not a positive feature count")]
    [InlineData("2,x,a,b", "not a positive feature count")]
    [InlineData("99999999999,2,a,b", "not a positive row count")]
    [InlineData("2,2", "expected a header 'rows,features,class names…'")]
    [InlineData("2,2,a,a", "appears twice; expected distinct class names")]
    [InlineData("2,2,a,", "empty name; expected a name")]
    public void RefusesAHeaderThatDoesNotAddUpNamingLineOne(string header, string message)
    {
        var error = Refused(header + "\n1,2,0\n3,4,1\n");
        Assert.StartsWith("line 1:", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void AHeaderClaimingTwoBillionRowsAllocatesOnlyForTheRowsThere()
    {
        byte[] file = Encoding.UTF8.GetBytes("2000000000,1,a,b\n1,0\n2,1\n");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => Dataset.LoadCsv(new MemoryStream(file)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("announces 2000000000 rows, but the file ends after 2", error.Message);
        // Allocating for the header's claim would be 2e9 × (4 + 4) bytes; the reader's own buffers are about 20 KB.
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated");
    }

    [Theory]
    [InlineData("2,2,a,b\n1,2,0\n3,4\n", "line 3: 2 values; expected 2 features and a class index")]
    [InlineData("2,2,a,b\n1,2,0\n3,4,1,5\n", "line 3: 4 values; expected 2 features and a class index")]
    [InlineData("2,2,a,b\n1,2,0\n3,4,2\n", "line 3, column 3: '2' is not a class index; expected an integer in [0, 1]")]
    [InlineData("2,2,a,b\n1,2,0\n3,4,1.0\n", "line 3, column 3: '1.0' is not a class index")]
    [InlineData("2,2,a,b\n1,2,0\n3,4,1\n5,6,1\n", "line 4: more rows than the 2 the header announced")]
    [InlineData("2,2,a,b\n1,2,0\n", "line 1: the header announces 2 rows, but the file ends after 1")]
    [InlineData("", "line 1: the file is empty; expected a header")]
    public void RefusesRowsThatDoNotMatchTheHeader(string text, string message) =>
        Assert.Contains(message, Refused(text).Message);

    [Fact]
    public void InvalidUtf8IsRefusedNamingItsLine()
    {
        byte[] file = Encoding.UTF8.GetBytes("2,2,a,b\n1,2,0\n3,4,1\n");
        file[16] = 0xFF; // inside line 3
        var error = Assert.Throws<InvalidDataException>(() => Dataset.LoadCsv(new MemoryStream(file)));
        Assert.StartsWith("line 3: invalid UTF-8", error.Message);
        Assert.Contains("expected UTF-8 text", error.Message);
    }

    [Fact]
    public void AFilesErrorsNameThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "1,1,a\nNaN,0\n");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => Dataset.LoadCsv(path));
            Assert.StartsWith($"{path}:2, column 1:", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
