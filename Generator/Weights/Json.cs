using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Generator.Weights;

/// <summary>
/// Just enough JSON for a safetensors header (objects, arrays, strings, numbers; no dependency a generator would have
/// to ship): parses into dictionaries, lists, strings and doubles, refusing duplicate keys and anything malformed.
/// </summary>
internal sealed class Json
{
    private readonly string _text;
    private int _at;

    private Json(string text) => _text = text;

    /// <summary>The value of <paramref name="text"/>; throws <see cref="FormatException"/> naming the offset of a fault.</summary>
    public static object Parse(string text)
    {
        var parser = new Json(text);
        object value = parser.Value(depth: 0);
        parser.SkipSpace();
        if (parser._at != text.Length) throw parser.Fault("text after the JSON value");
        return value;
    }

    private object Value(int depth)
    {
        if (depth > 32) throw Fault("nesting deeper than a safetensors header has");
        SkipSpace();
        if (_at >= _text.Length) throw Fault("a value");
        char c = _text[_at];
        if (c == '{') return Object(depth);
        if (c == '[') return Array(depth);
        if (c == '"') return String();
        if (c == '-' || c >= '0' && c <= '9') return Number();
        throw Fault("a value");
    }

    private Dictionary<string, object> Object(int depth)
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        _at++;
        SkipSpace();
        if (Peek('}')) return result;
        while (true)
        {
            SkipSpace();
            string key = String();
            SkipSpace();
            Expect(':');
            if (result.ContainsKey(key)) throw Fault($"\"{key}\" only once (it is repeated)");
            result[key] = Value(depth + 1);
            SkipSpace();
            if (Peek('}')) return result;
            Expect(',');
        }
    }

    private List<object> Array(int depth)
    {
        var result = new List<object>();
        _at++;
        SkipSpace();
        if (Peek(']')) return result;
        while (true)
        {
            result.Add(Value(depth + 1));
            SkipSpace();
            if (Peek(']')) return result;
            Expect(',');
        }
    }

    private string String()
    {
        Expect('"');
        var builder = new StringBuilder();
        while (true)
        {
            if (_at >= _text.Length) throw Fault("the end of a string");
            char c = _text[_at++];
            if (c == '"') return builder.ToString();
            if (c < ' ') throw Fault("no control character in a string");
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (_at >= _text.Length) throw Fault("an escape");
            char escape = _text[_at++];
            switch (escape)
            {
                case '"': case '\\': case '/': builder.Append(escape); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_at + 4 > _text.Length || !int.TryParse(_text.Substring(_at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                        throw Fault("four hex digits after \\u");
                    builder.Append((char)code);
                    _at += 4;
                    break;
                default: throw Fault("a known escape");
            }
        }
    }

    private double Number()
    {
        int start = _at;
        while (_at < _text.Length && "+-0123456789.eE".IndexOf(_text[_at]) >= 0) _at++;
        if (!double.TryParse(_text.Substring(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            throw Fault("a number");
        return number;
    }

    private void SkipSpace()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\t' or '\n' or '\r') _at++;
    }

    private bool Peek(char c)
    {
        if (_at < _text.Length && _text[_at] == c)
        {
            _at++;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        if (!Peek(c)) throw Fault($"'{c}'");
    }

    private FormatException Fault(string expected) =>
        new($"the JSON header is not valid at character {_at}: expected {expected}");
}
