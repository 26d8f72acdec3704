using Microsoft.ML.OnnxRuntime;

namespace FimComplete.Inference.Onnx;

public enum ExecutionProviderKind
{
    Auto,
    Cpu,
    Cuda,
    DirectML,
}

/// <summary>Options for creating an ONNX Runtime session.</summary>
public sealed record InferenceOptions(ExecutionProviderKind Provider = ExecutionProviderKind.Auto, int Threads = 0)
{
    public static ExecutionProviderKind ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => ExecutionProviderKind.Auto,
        "cpu" => ExecutionProviderKind.Cpu,
        "cuda" => ExecutionProviderKind.Cuda,
        "directml" or "dml" => ExecutionProviderKind.DirectML,
        _ => throw new ArgumentException($"Unknown execution provider '{value}' (expected auto, cpu, cuda or directml)."),
    };

    /// <summary>Intra-op threads: the setting, or the physical-ish core count capped at 8 (decode steps are small).</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Math.Clamp(Environment.ProcessorCount, 1, 8);
}

/// <summary>Chooses and appends an execution provider; reports what it chose and why.</summary>
internal static class ExecutionProviderSelector
{
    private const string Cuda = "CUDAExecutionProvider";
    private const string Dml = "DmlExecutionProvider";

    /// <summary>The providers to try, in order, for a setting. CPU is always the last resort.</summary>
    public static IReadOnlyList<ExecutionProviderKind> Plan(ExecutionProviderKind requested, IReadOnlyCollection<string> available) => requested switch
    {
        ExecutionProviderKind.Cpu => [ExecutionProviderKind.Cpu],
        ExecutionProviderKind.Cuda => [ExecutionProviderKind.Cuda, ExecutionProviderKind.Cpu],
        ExecutionProviderKind.DirectML => [ExecutionProviderKind.DirectML, ExecutionProviderKind.Cpu],
        _ => [
            .. available.Contains(Cuda) ? [ExecutionProviderKind.Cuda] : Array.Empty<ExecutionProviderKind>(),
            .. available.Contains(Dml) && OperatingSystem.IsWindows() ? [ExecutionProviderKind.DirectML] : Array.Empty<ExecutionProviderKind>(),
            ExecutionProviderKind.Cpu,
        ],
    };

    public static IReadOnlyCollection<string> AvailableProviders() => OrtEnv.Instance().GetAvailableProviders();

    public static SessionOptions CreateOptions(ExecutionProviderKind kind, InferenceOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.EffectiveThreads,
            InterOpNumThreads = 1,
        };

        // An idle editor must burn no CPU: no busy-waiting worker threads between runs.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        try
        {
            switch (kind)
            {
                case ExecutionProviderKind.Cuda:
                    sessionOptions.AppendExecutionProvider_CUDA(0);
                    break;
                case ExecutionProviderKind.DirectML:
                    sessionOptions.AppendExecutionProvider_DML(0);
                    break;
            }
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }

        return sessionOptions;
    }
}
