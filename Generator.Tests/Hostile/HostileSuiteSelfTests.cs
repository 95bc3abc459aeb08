using System;
using System.Buffers.Binary;
using System.IO;
using Xunit;
using Xunit.Sdk;

namespace NetGen.Tests.Hostile;

/// <summary>The harness itself catches each kind of broken loader, so that a green suite means something.</summary>
public class HostileSuiteSelfTests
{
    private static readonly byte[] Valid = [8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];

    private static HostileLoader Broken(Action<byte[], byte[]> load)
    {
        var target = new byte[4];
        return new HostileLoader("broken", Valid, stream =>
        {
            var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            load(bytes.ToArray(), target);
        }, () => (byte[])target.Clone(), () => Array.Clear(target), AllocationLimit: 64 << 10)
        { BinaryIntegers = [(0, 8)] };
    }

    [Fact]
    public void ALoaderThatChangesItsTargetBeforeFailingIsCaught()
    {
        HostileLoader loader = Broken((file, target) =>
        {
            target[0] = 1;
            if (!file.AsSpan().SequenceEqual(Valid)) throw new InvalidDataException("expected the valid file");
        });
        Assert.Contains("the target changed", Assert.Throws<XunitException>(() => HostileSuite.Run(loader, 1)).Message);
    }

    [Fact]
    public void ALoaderThatThrowsTheWrongExceptionOrSaysNothingUsefulIsCaught()
    {
        HostileLoader wrongType = Broken((file, _) => file[15]++); // IndexOutOfRangeException on a truncated file
        Assert.Contains("IndexOutOfRangeException", Assert.Throws<XunitException>(() => HostileSuite.Run(wrongType, 1)).Message);
        HostileLoader vague = Broken((file, _) => { if (file.Length != 16) throw new InvalidDataException("bad file"); });
        Assert.Contains("does not say what was expected", Assert.Throws<XunitException>(() => HostileSuite.Run(vague, 1)).Message);
    }

    [Fact]
    public void ALoaderThatAllocatesWhatTheFileClaimsIsCaught()
    {
        HostileLoader trusting = Broken((file, _) =>
        {
            ulong claimed = file.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(file) : 0;
            _ = new byte[Math.Min(claimed, 1 << 20)]; // believes the length (capped, so the test itself stays small)
            throw new InvalidDataException("expected nothing");
        });
        Assert.Contains("allocated", Assert.Throws<XunitException>(() => HostileSuite.Run(trusting, 1)).Message);
    }
}
