using FimComplete.Inference.Generation;
using FimComplete.Inference.Remote;
using FimComplete.Tests.Shared.Remote;

namespace FimComplete.Inference.Tests.Remote;

/// <summary>Settings, prompts and options the backend tests share.</summary>
internal static class RemoteBackendTestKit
{
    public static RemoteBackendSettings Settings(BackendKind kind, StandInServer server, string model = "qwen2.5-coder:1.5b-base") =>
        new(kind, server.Endpoint, model) { ContextLength = 8192, RequestTimeout = TimeSpan.FromSeconds(20) };

    public static FimPrompt Prompt { get; } = new(
        [1, 2, 3],
        "class A\n{\n    int Sum(Point p)\n    {\n        return ",
        ";\n    }\n}\n",
        [new ContextChunk("context/Signatures.cs", "// Point.cs\nrecord Point(int X, int Y);\n")],
        "src/A.cs");

    public static GenerationOptions Greedy(int maxLines = 1) => new() { MaxNewTokens = 32, Candidates = 3, MaxLines = maxLines, Temperature = 0, TopP = 0.95f, Seed = 7 };

    public static GenerationResult Run(RemoteBackendSettings settings, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        using var http = new RemoteHttp(settings.ConnectTimeout);
        return RemoteGenerators.Create(settings, http).Generate(Prompt, options, cancellationToken);
    }
}
