using System;
using System.IO;

namespace NetGen.Tests.Files;

/// <summary>A stream of zero bytes without end (as /dev/zero or a hostile pipe), which counts what was read from it.</summary>
public sealed class EndlessStream(bool seekable) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => seekable;
    public override bool CanWrite => false;
    public override long Length => seekable ? long.MaxValue / 2 : throw new NotSupportedException();
    public override long Position { get => seekable ? 0 : throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Array.Clear(buffer, offset, count);
        BytesRead += count;
        return count;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
