using System;
using System.Text;

namespace NetGen.Generator.Helpers;

/// <summary>Writes C# line by line, keeping the indentation of the blocks it has opened.</summary>
internal sealed class SourceWriter
{
    private const int SpacesPerLevel = 4;
    private readonly StringBuilder _text = new();
    private int _level;

    /// <summary>Writes one line at the current indentation (an empty line stays empty).</summary>
    public void WriteLine(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _level * SpacesPerLevel).Append(line);
        _text.Append('\n');
    }

    /// <summary>Writes several lines, each at the current indentation; a raw block keeps its own relative indentation.</summary>
    public void WriteLines(string block)
    {
        foreach (string line in block.Replace("\r\n", "\n").Split('\n')) WriteLine(line);
    }

    /// <summary>Writes <paramref name="header"/> then an opening brace, and indents what follows.</summary>
    public void OpenBlock(string header)
    {
        WriteLine(header);
        WriteLine("{");
        _level++;
    }

    /// <summary>Moves the indentation by <paramref name="levels"/> (for a block opened inside raw text).</summary>
    public void Indent(int levels)
    {
        if (_level + levels < 0) throw new InvalidOperationException("Indentation below zero.");
        _level += levels;
    }

    /// <summary>Closes the innermost block.</summary>
    public void CloseBlock(string suffix = "")
    {
        if (_level == 0) throw new InvalidOperationException("No block is open.");
        _level--;
        WriteLine("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
