using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>Dataset.LoadCsv with a header row of column names: label column, class names, RFC 4180 quoting, errors.</summary>
public class CsvWithHeaderTests
{
    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    private static InvalidDataException Refused(string text, string label = "species") =>
        Assert.Throws<InvalidDataException>(() => Dataset.LoadCsv(Utf8(text), label));

    [Fact]
    public void TheLabelColumnIsFoundByNameAndTheOthersAreFeaturesInOrder()
    {
        var data = Dataset.LoadCsv(Utf8("length,species,width\n1.5,virginica,2\n3,setosa,4.25\n-1e-3,virginica,0\n"), "species");
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(3, data.Count);
        Assert.Equal(new[] { 1.5f, 2f, 3f, 4.25f, -1e-3f, 0f }, data.Features.ToArray());
        Assert.Equal(new[] { "setosa", "virginica" }, data.ClassNames); // sorted, not in order of appearance
        Assert.Equal(new[] { 1, 0, 1 }, data.Labels.ToArray());
    }

    [Fact]
    public void TheLabelColumnIsFoundByIndexFromEitherEnd()
    {
        const string Text = "species,a,b\nx,1,2\ny,3,4\n";
        var first = Dataset.LoadCsv(Utf8(Text), 0);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, first.Features.ToArray());
        Assert.Equal(new[] { "x", "y" }, first.ClassNames);

        var last = Dataset.LoadCsv(Utf8("a,b,species\n1,2,x\n3,4,y\n"), ^1);
        Assert.Equal(first.Features.ToArray(), last.Features.ToArray());
        Assert.Equal(first.Labels.ToArray(), last.Labels.ToArray());
    }

    [Fact]
    public void ReadsTheIrisDataWrittenWithAHeaderAsTheScikitLearnFileHoldsIt()
    {
        var iris = Dataset.LoadCsv(TestPaths.Output("data", "iris.csv"));
        var text = new StringBuilder("sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),species\n");
        for (int s = 0; s < iris.Count; s++)
            text.AppendLine(string.Join(",", iris.FeaturesOf(s).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "," + iris.ClassNames[iris.Labels[s]]);
        var reread = Dataset.LoadCsv(Utf8(text.ToString()), "species");
        Assert.Equal(iris.Features.ToArray(), reread.Features.ToArray());
        Assert.Equal(iris.Labels.ToArray(), reread.Labels.ToArray()); // setosa < versicolor < virginica either way
        Assert.Equal(iris.ClassNames, reread.ClassNames);
    }

    [Fact]
    public void QuotedFieldsFollowRfc4180()
    {
        const string Text = "\"x, the first\",\"label\"\r\n\"1.5\",\"Smith, \"\"Jr.\"\"\"\r\n2,\"two\r\nlines\"\r\n3,\"\"\"\"\r\n";
        var data = Dataset.LoadCsv(Utf8(Text), "label");
        Assert.Equal(new[] { 1.5f, 2f, 3f }, data.Features.ToArray());
        Assert.Equal(new[] { "\"", "Smith, \"Jr.\"", "two\nlines" }, data.ClassNames); // ordinal: '"' < 'S' < 't'
        Assert.Equal(new[] { 1, 2, 0 }, data.Labels.ToArray());
    }

    [Fact]
    public void NumericLabelsAreOrderedAsNumbersAndTheOrderDoesNotDependOnTheRows()
    {
        var data = Dataset.LoadCsv(Utf8("f,y\n1,10\n2,9\n3,2\n4,9\n"), "y");
        Assert.Equal(new[] { "2", "9", "10" }, data.ClassNames);
        Assert.Equal(new[] { 2, 1, 0, 1 }, data.Labels.ToArray());

        var reversed = Dataset.LoadCsv(Utf8("f,y\n4,9\n3,2\n2,9\n1,10\n"), "y");
        Assert.Equal(data.ClassNames, reversed.ClassNames);
        Assert.Equal(data.Labels.ToArray().Reverse(), reversed.Labels.ToArray());
    }

    [Fact]
    public void GivenClassNamesFixTheIndicesEvenForAClassMissingFromTheFile()
    {
        string[] classes = { "setosa", "versicolor", "virginica" };
        var test = Dataset.LoadCsv(Utf8("a,species\n1,virginica\n2,setosa\n"), "species", classes);
        Assert.Equal(classes, test.ClassNames);
        Assert.Equal(3, test.TargetSize);
        Assert.Equal(new[] { 2, 0 }, test.Labels.ToArray());

        var unknown = Assert.Throws<InvalidDataException>(() => Dataset.LoadCsv(Utf8("a,species\n1,virginica\n2,rose\n"), "species", classes));
        Assert.Contains("line 3 (data row 2), column 2 'species': 'rose' is not one of the 3 class names given; expected one of 'setosa'", unknown.Message);

        Assert.Throws<ArgumentException>(() => Dataset.LoadCsv(Utf8("a,s\n1,x\n"), "s", new[] { "x", "x" }));
        Assert.Throws<ArgumentException>(() => Dataset.LoadCsv(Utf8("a,s\n1,x\n"), "s", Array.Empty<string>()));
    }

    [Theory]
    [InlineData("a,b,species\n1,2,x\n3,abc,y\n", "line 3 (data row 2), column 2 'b': 'abc' is not a number; expected a number")]
    [InlineData("a,b,species\n1,2,x\n3,,y\n", "line 3 (data row 2), column 2 'b': '' is not a number")]
    [InlineData("a,b,species\n1,NaN,x\n", "line 2 (data row 1), column 2 'b': 'NaN' is not a finite number")]
    [InlineData("a,b,species\n1,1e39,x\n", "column 2 'b': '1e39' is outside float's range")]
    [InlineData("a,b,species\n1,2,\n", "line 2 (data row 1), column 3 'species': the label is empty; expected a class name")]
    [InlineData("a,b,species\n1,2,x\n3,4\n", "line 3 (data row 2): 2 fields; expected 3, one a column of the header")]
    [InlineData("a,b,species\n1,2,x,5\n", "line 2 (data row 1): 4 fields; expected 3")]
    [InlineData("a,b,kind\n1,2,x\n", "line 1: no column is named 'species'; expected one of 'a', 'b', 'kind'")]
    [InlineData("species,b,species\n1,2,x\n", "line 1: columns 1 and 3 are both named 'species'; expected one label column")]
    [InlineData("species\nx\n", "line 1: 1 column; expected a header row naming a label column and at least one feature column")]
    [InlineData("a,species\n", "line 1: no data rows after the header; expected at least one sample")]
    [InlineData("", "line 1: the file is empty; expected a header row of column names")]
    [InlineData("a,species\n1,\"x\n2,y\n", "line 2: a quoted field opened here is never closed; expected a closing quote")]
    [InlineData("a,species\n1,x\"y\n", "line 2: a quote inside an unquoted field (field 2); expected the whole field in quotes")]
    [InlineData("a,species\n1,\"x\"y\n", "line 2: 'y' after a closing quote; expected a comma or the end of the line")]
    public void RefusesWhatIsNotSuchACsvNamingWhereAndWhatWasExpected(string text, string message) =>
        Assert.Contains(message, Refused(text).Message);

    [Fact]
    public void ALabelIndexOutsideTheHeaderIsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Dataset.LoadCsv(Utf8("a,b\n1,x\n"), 2));
        Assert.Contains("line 1: the header has 2 columns; expected a label column at index 2", error.Message);
        Assert.Throws<InvalidDataException>(() => Dataset.LoadCsv(Utf8("a,b\n1,x\n"), ^3));
    }

    [Fact]
    public void AFilesErrorsNameThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "a,species\n1,x\nfive,y\n");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => Dataset.LoadCsv(path, "species"));
            Assert.StartsWith($"{path}:3 (data row 2), column 1 'a':", error.Message);
            Assert.StartsWith($"{path}:3", Assert.Throws<InvalidDataException>(() => Dataset.LoadCsv(path, ^1)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
