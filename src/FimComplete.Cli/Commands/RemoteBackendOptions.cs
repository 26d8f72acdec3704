using System.CommandLine;
using System.CommandLine.Parsing;
using FimComplete.Inference.Remote;

namespace FimComplete.Cli.Commands;

/// <summary>
/// The --backend flags that send generation to an inference server (shared by complete and eval): the Roslyn pipeline
/// stays local, the candidates come from the server. The API key is read from <see cref="ApiKeyVariable"/>, never from
/// the command line (it would land in the shell's history and in process listings).
/// </summary>
internal sealed class RemoteBackendOptions : OptionGroup
{
    public const string ApiKeyVariable = "FIMCOMPLETE_API_KEY";

    private readonly Option<string> _backend = new("--backend")
    {
        Description = "Where candidates are generated: local (the bundled model, default), ollama, llamacpp or openai (any OpenAI-compatible /v1/completions: vLLM, TGI, LM Studio).",
        DefaultValueFactory = _ => "local",
    };

    private readonly Option<string?> _endpoint = new("--endpoint") { Description = "The server's base URL (default: the backend's default port on 127.0.0.1)." };
    private readonly Option<string?> _model = new("--remote-model") { Description = "The model the server serves (e.g. qwen2.5-coder:1.5b-base)." };
    private readonly Option<string> _template = new("--remote-fim-template")
    {
        Description = "FIM format of the remote model: auto (from its name), server (the API's suffix field), qwen, starcoder, deepseek, codellama or codegemma.",
        DefaultValueFactory = _ => RemoteFimTemplate.Auto,
    };

    private readonly Option<int> _contextLength = new("--remote-context-length") { Description = "The remote model's context in tokens.", DefaultValueFactory = _ => 4096 };
    private readonly Option<int> _timeoutMs = new("--remote-timeout-ms") { Description = "Time limit of one remote request.", DefaultValueFactory = _ => 15_000 };

    protected override IEnumerable<Option> All => [_backend, _endpoint, _model, _template, _contextLength, _timeoutMs];

    protected override Action<CommandResult> Validator => Validate;

    private void Validate(CommandResult result)
    {
        if (!BackendKinds.TryParse(result.GetValue(_backend), out var kind))
        {
            result.AddError($"--backend must be local, ollama, llamacpp or openai, not '{result.GetValue(_backend)}'.");
        }
        else if (kind != BackendKind.Local && string.IsNullOrWhiteSpace(result.GetValue(_model)))
        {
            result.AddError("--remote-model is required with a remote --backend.");
        }

        if (result.GetValue(_endpoint) is { } endpoint && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            result.AddError($"--endpoint must be an http:// or https:// URL, not '{endpoint}'.");
        }

        if (!RemoteFimTemplate.IsValidSetting(result.GetValue(_template)))
        {
            result.AddError($"--remote-fim-template: unknown template '{result.GetValue(_template)}'.");
        }
    }

    /// <summary>The remote backend the flags name; null for local.</summary>
    public RemoteBackendSettings? Read(ParseResult parse)
    {
        BackendKinds.TryParse(parse.GetValue(_backend), out var kind);
        if (kind == BackendKind.Local)
        {
            return null;
        }

        return new RemoteBackendSettings(kind, parse.GetValue(_endpoint) is { } endpoint ? new Uri(endpoint) : BackendKinds.DefaultEndpoint(kind), parse.GetValue(_model)!)
        {
            FimTemplate = parse.GetValue(_template)!,
            ContextLength = parse.GetValue(_contextLength),
            RequestTimeout = TimeSpan.FromMilliseconds(parse.GetValue(_timeoutMs)),
            ApiKey = Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key ? key : null,
        };
    }
}
