using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FimComplete.Inference.Onnx;

/// <summary>
/// Past key/value tensors of every layer, layout [batch, kv_heads, seq, head_dim], as ONNX Runtime values. The
/// present.* outputs of one run become the past_key_values.* inputs of the next without copying; copies happen
/// only to truncate (prompt-cache reuse), to widen to n candidates, or to drop finished candidates.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly OrtValue[] _keys;
    private readonly OrtValue[] _values;
    private bool _disposed;

    internal KvCache(OrtValue[] keys, OrtValue[] values, TensorElementType elementType, int batch, int length, int heads, int headDim)
    {
        _keys = keys;
        _values = values;
        ElementType = elementType;
        Batch = batch;
        Length = length;
        Heads = heads;
        HeadDim = headDim;
    }

    public int Layers => _keys.Length;
    public int Batch { get; }
    public int Length { get; }
    public int Heads { get; }
    public int HeadDim { get; }
    public TensorElementType ElementType { get; }

    internal OrtValue Key(int layer) => _keys[layer];
    internal OrtValue Value(int layer) => _values[layer];

    /// <summary>Bytes held by this cache.</summary>
    public long SizeInBytes => 2L * Layers * Batch * Heads * Length * HeadDim * ElementSize(ElementType);

    internal static int ElementSize(TensorElementType type) => type switch
    {
        TensorElementType.Float => 4,
        TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        _ => throw new NotSupportedException($"KV cache element type {type} is not supported."),
    };

    internal static KvCache Empty(int layers, TensorElementType type, int batch, int heads, int headDim)
    {
        var keys = new OrtValue[layers];
        var values = new OrtValue[layers];
        long[] shape = [batch, heads, 0, headDim];
        for (var i = 0; i < layers; i++)
        {
            keys[i] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);
            values[i] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);
        }

        return new KvCache(keys, values, type, batch, 0, heads, headDim);
    }

    /// <summary>A batch-1 copy holding only the first <paramref name="length"/> positions.</summary>
    public KvCache Truncate(int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Batch != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"Cannot truncate a cache of batch {Batch}, length {Length} to {length}.");
        }

        return Select([0], length);
    }

    /// <summary>A copy whose batch rows are the given rows of this cache (widening a prompt to n candidates,
    /// or dropping finished candidates).</summary>
    public KvCache SelectRows(IReadOnlyList<int> rows) => Select(rows, Length);

    /// <summary>A copy whose batch rows are the given rows of this cache, each holding only the first
    /// <paramref name="length"/> positions (rolling back past rejected draft tokens while dropping finished candidates).</summary>
    public KvCache Select(IReadOnlyList<int> rows, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (length < 0 || length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"Cannot cut a cache of length {Length} to {length}.");
        }

        foreach (var row in rows)
        {
            if (row < 0 || row >= Batch)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {row} is outside the cache's batch {Batch}.");
            }
        }

        return Transform(rows.Count, length, (src, dst, headBytesIn, headBytesOut) =>
        {
            // Per (row, head): the first `length` positions of head_dim elements.
            for (var r = 0; r < rows.Count; r++)
            {
                for (var h = 0; h < Heads; h++)
                {
                    var from = ((rows[r] * Heads) + h) * headBytesIn;
                    var to = ((r * Heads) + h) * headBytesOut;
                    src.Slice(from, headBytesOut).CopyTo(dst.Slice(to, headBytesOut));
                }
            }
        });
    }

    /// <summary>A new cache whose batch rows are the rows of <paramref name="parts"/>, in order (all of one length).</summary>
    internal static KvCache Stack(IReadOnlyList<KvCache> parts)
    {
        var first = parts[0];
        var batch = 0;
        foreach (var part in parts)
        {
            if (part.Length != first.Length || part.Layers != first.Layers || part.ElementType != first.ElementType)
            {
                throw new ArgumentException("Stacked caches must agree in length, layers and element type.", nameof(parts));
            }

            batch += part.Batch;
        }

        long[] shape = [batch, first.Heads, first.Length, first.HeadDim];
        var keys = new OrtValue[first.Layers];
        var values = new OrtValue[first.Layers];
        for (var layer = 0; layer < first.Layers; layer++)
        {
            keys[layer] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, first.ElementType, shape);
            values[layer] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, first.ElementType, shape);
            var keyDestination = keys[layer].GetTensorMutableRawData();
            var valueDestination = values[layer].GetTensorMutableRawData();
            var offset = 0;
            foreach (var part in parts)
            {
                var keySource = part._keys[layer].GetTensorMutableRawData();
                keySource.CopyTo(keyDestination[offset..]);
                part._values[layer].GetTensorMutableRawData().CopyTo(valueDestination[offset..]);
                offset += keySource.Length;
            }
        }

        return new KvCache(keys, values, first.ElementType, batch, first.Length, first.Heads, first.HeadDim);
    }

    private delegate void CopyPlan(ReadOnlySpan<byte> source, Span<byte> destination, int headBytesIn, int headBytesOut);

    private KvCache Transform(int batch, int length, CopyPlan plan)
    {
        var elementSize = ElementSize(ElementType);
        var headBytesIn = Length * HeadDim * elementSize;
        var headBytesOut = length * HeadDim * elementSize;
        long[] shape = [batch, Heads, length, HeadDim];
        var keys = new OrtValue[Layers];
        var values = new OrtValue[Layers];
        for (var layer = 0; layer < Layers; layer++)
        {
            keys[layer] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, ElementType, shape);
            values[layer] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, ElementType, shape);
            plan(_keys[layer].GetTensorMutableRawData(), keys[layer].GetTensorMutableRawData(), headBytesIn, headBytesOut);
            plan(_values[layer].GetTensorMutableRawData(), values[layer].GetTensorMutableRawData(), headBytesIn, headBytesOut);
        }

        return new KvCache(keys, values, ElementType, batch, length, Heads, HeadDim);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var value in _keys) value.Dispose();
        foreach (var value in _values) value.Dispose();
    }
}
