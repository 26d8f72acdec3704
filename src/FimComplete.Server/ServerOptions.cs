namespace FimComplete.Server;

/// <summary>Options from the command line (<c>fimcomplete serve</c>).</summary>
public sealed record ServerOptions
{
    /// <summary>
    /// The default model directory, used when neither the <c>fimComplete.modelPath</c> setting nor
    /// initializationOptions.modelPath names one (e.g. <c>--model</c>, or the bundled models/default).
    /// </summary>
    public string? ModelPath { get; init; }

    /// <summary>Execution provider used when the setting is <c>auto</c> (auto|cpu|cuda|directml).</summary>
    public string ExecutionProvider { get; init; } = "auto";

    /// <summary>Intra-op threads used when the setting is 0 (0 = automatic).</summary>
    public int Threads { get; init; }

    /// <summary>FIM template override (starcoder|santacoder|qwen|deepseek|codellama); null = detect.</summary>
    public string? FimTemplate { get; init; }

    /// <summary>Reported in the initialize result's serverInfo.</summary>
    public string ServerName { get; init; } = "fimcomplete";

    public string? ServerVersion { get; init; }

    /// <summary>
    /// Answer the <c>fimComplete/debug/*</c> requests (document text, memory with a forced full garbage collection) even
    /// when <c>fimComplete.logLevel</c> is not debug (<c>--enable-debug-requests</c>; tests and diagnostics).
    /// </summary>
    public bool EnableDebugRequests { get; init; }

    /// <summary>How long to wait for the client's answer to <c>workspace/configuration</c>.</summary>
    public TimeSpan ConfigurationTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
