using System.Globalization;
using System.Text.Json;
using FimComplete.Engine.Api;
using FimComplete.Inference.Remote;

namespace FimComplete.Server.Configuration;

/// <summary>The <c>fimComplete</c> settings section. Missing keys take these defaults.</summary>
public sealed record FimSettings
{
    public static FimSettings Default { get; } = new();

    public bool Enabled { get; init; } = true;

    /// <summary>Empty: the default model (initializationOptions.modelPath, else <see cref="ServerOptions.ModelPath"/>).</summary>
    public string ModelPath { get; init; } = string.Empty;

    /// <summary>auto | cpu | cuda | directml.</summary>
    public string ExecutionProvider { get; init; } = "auto";

    /// <summary>0 = automatic.</summary>
    public int Threads { get; init; }

    public int MaxNewTokens { get; init; } = 64;

    public float Temperature { get; init; }

    public int Candidates { get; init; } = 3;

    /// <summary>Prompt token budget; 0 = the model's context length minus <see cref="MaxNewTokens"/>.</summary>
    public int ContextBudget { get; init; }

    /// <summary>From <c>multiline</c>: auto -> Auto, always -> MultiLine, never -> SingleLine.</summary>
    public LinePolicy Multiline { get; init; } = LinePolicy.Auto;

    /// <summary><c>logLevel</c> (error | warn | info | debug): the extension's log filter; debug also turns on the
    /// server's <c>fimComplete/debug/*</c> requests.</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary><c>backend</c>: local (the bundled model; nothing leaves the machine) | ollama | llamacpp | openai.</summary>
    public BackendKind Backend { get; init; } = BackendKind.Local;

    /// <summary><c>endpoint</c>: the server's base URL; empty: the backend's default on 127.0.0.1.</summary>
    public string Endpoint { get; init; } = string.Empty;

    /// <summary><c>remoteModel</c>: the model name the server knows (Ollama tag, vLLM's served model name).</summary>
    public string RemoteModel { get; init; } = string.Empty;

    /// <summary><c>fimTemplate</c>: auto (from the remote model's name) | server | qwen | starcoder | deepseek | codellama | codegemma.</summary>
    public string FimTemplate { get; init; } = RemoteFimTemplate.Auto;

    /// <summary><c>remoteContextLength</c>: the remote model's context in tokens, as the server runs it.</summary>
    public int RemoteContextLength { get; init; } = 4096;

    /// <summary><c>remoteTimeoutMs</c>: how long a remote request may take before it is abandoned ("slow").</summary>
    public int RemoteTimeoutMs { get; init; } = 15_000;

    public CompletionOptions ToCompletionOptions() => new()
    {
        MaxNewTokens = this.MaxNewTokens,
        Candidates = this.Candidates,
        Temperature = this.Temperature,
        LinePolicy = this.Multiline,
        ContextTokens = this.ContextBudget,
    };
}

/// <summary>Reads <see cref="FimSettings"/> from JSON, tolerating unknown keys and falling back to defaults (with a warning) for bad values.</summary>
public static class FimSettingsParser
{
    public const string Section = "fimComplete";

    private static readonly string[] Providers = ["auto", "cpu", "cuda", "directml"];

    /// <summary>Keys the extension uses itself; the server accepts and ignores them.</summary>
    private static readonly HashSet<string> ClientOnlyKeys = new(StringComparer.Ordinal) { "debounceMs", "serverPath", "trace" };

    private static readonly string[] LogLevels = ["error", "warn", "info", "debug"];

    /// <summary>
    /// Finds the settings section in <c>workspace/didChangeConfiguration</c> params.settings: <c>{"fimComplete": {...}}</c>,
    /// or the section itself when it has no such member but does have a known key. Null when there is nothing to read
    /// (settings null or empty: the client expects the server to pull).
    /// </summary>
    public static JsonElement? FindSection(JsonElement? settings)
    {
        if (settings is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        if (value.TryGetProperty(Section, out var section))
        {
            return section.ValueKind == JsonValueKind.Object ? section : null;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (IsKnownKey(property.Name))
            {
                return value;
            }
        }

        return null;
    }

    public static bool IsKnownKey(string key) => key is "enabled" or "modelPath" or "executionProvider" or "threads" or "maxNewTokens"
        or "temperature" or "candidates" or "contextBudget" or "multiline" or "logLevel"
        or "backend" or "endpoint" or "remoteModel" or "fimTemplate" or "remoteContextLength" or "remoteTimeoutMs" || ClientOnlyKeys.Contains(key);

    /// <summary>Parses a settings section; a null or non-object section gives the defaults.</summary>
    public static FimSettings Parse(JsonElement? section, out IReadOnlyList<string> warnings)
    {
        var problems = new List<string>();
        warnings = problems;
        var settings = FimSettings.Default;
        if (section is not { ValueKind: JsonValueKind.Object } value)
        {
            if (section is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) })
            {
                problems.Add($"the '{Section}' settings are not an object; using defaults");
            }

            return settings;
        }

        foreach (var property in value.EnumerateObject())
        {
            var v = property.Value;
            switch (property.Name)
            {
                case "enabled":
                    if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        settings = settings with { Enabled = v.GetBoolean() };
                    }
                    else
                    {
                        Bad(problems, property, "true or false");
                    }

                    break;
                case "modelPath":
                    if (v.ValueKind == JsonValueKind.String)
                    {
                        settings = settings with { ModelPath = v.GetString()!.Trim() };
                    }
                    else if (v.ValueKind != JsonValueKind.Null)
                    {
                        Bad(problems, property, "a string");
                    }

                    break;
                case "executionProvider":
                    string? provider = v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim().ToLowerInvariant() : null;
                    if (provider is not null && Providers.Contains(provider))
                    {
                        settings = settings with { ExecutionProvider = provider };
                    }
                    else
                    {
                        Bad(problems, property, "one of auto, cpu, cuda, directml");
                    }

                    break;
                case "threads":
                    settings = ReadInt(problems, property, 0, 1024, settings, (s, x) => s with { Threads = x });
                    break;
                case "maxNewTokens":
                    settings = ReadInt(problems, property, 1, 4096, settings, (s, x) => s with { MaxNewTokens = x });
                    break;
                case "candidates":
                    settings = ReadInt(problems, property, 1, 16, settings, (s, x) => s with { Candidates = x });
                    break;
                case "contextBudget":
                    settings = ReadInt(problems, property, 0, 1 << 20, settings, (s, x) => s with { ContextBudget = x });
                    break;
                case "temperature":
                    if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double t) && double.IsFinite(t) && t >= 0 && t <= 5)
                    {
                        settings = settings with { Temperature = (float)t };
                    }
                    else
                    {
                        Bad(problems, property, "a number from 0 to 5");
                    }

                    break;
                case "multiline":
                    LinePolicy? policy = v.ValueKind == JsonValueKind.String
                        ? v.GetString()!.Trim().ToLowerInvariant() switch
                        {
                            "auto" => LinePolicy.Auto,
                            "always" => LinePolicy.MultiLine,
                            "never" => LinePolicy.SingleLine,
                            _ => null,
                        }
                        : null;
                    if (policy is { } p)
                    {
                        settings = settings with { Multiline = p };
                    }
                    else
                    {
                        Bad(problems, property, "one of auto, always, never");
                    }

                    break;
                case "logLevel":
                    if (v.ValueKind == JsonValueKind.String && Array.IndexOf(LogLevels, v.GetString()!.Trim().ToLowerInvariant()) is var level and >= 0)
                    {
                        settings = settings with { LogLevel = LogLevels[level] };
                    }
                    else
                    {
                        Bad(problems, property, "one of error, warn, info, debug");
                    }

                    break;
                case "backend":
                    if (v.ValueKind == JsonValueKind.String && BackendKinds.TryParse(v.GetString(), out var backend))
                    {
                        settings = settings with { Backend = backend };
                    }
                    else
                    {
                        Bad(problems, property, "one of local, ollama, llamacpp, openai");
                    }

                    break;
                case "endpoint":
                    if (v.ValueKind == JsonValueKind.String && (v.GetString()!.Trim().Length == 0 || IsHttpUrl(v.GetString()!.Trim())))
                    {
                        settings = settings with { Endpoint = v.GetString()!.Trim() };
                    }
                    else if (v.ValueKind != JsonValueKind.Null)
                    {
                        Bad(problems, property, "an http:// or https:// URL");
                    }

                    break;
                case "remoteModel":
                    if (v.ValueKind == JsonValueKind.String)
                    {
                        settings = settings with { RemoteModel = v.GetString()!.Trim() };
                    }
                    else if (v.ValueKind != JsonValueKind.Null)
                    {
                        Bad(problems, property, "a string");
                    }

                    break;
                case "fimTemplate":
                    if (v.ValueKind == JsonValueKind.String && RemoteFimTemplate.IsValidSetting(v.GetString()!.Trim()))
                    {
                        settings = settings with { FimTemplate = v.GetString()!.Trim().ToLowerInvariant() };
                    }
                    else
                    {
                        Bad(problems, property, $"one of auto, server, {string.Join(", ", RemoteFimTemplate.Known.Select(t => t.Name))}");
                    }

                    break;
                case "remoteContextLength":
                    settings = ReadInt(problems, property, 256, 1 << 20, settings, (s, x) => s with { RemoteContextLength = x });
                    break;
                case "remoteTimeoutMs":
                    settings = ReadInt(problems, property, 100, 600_000, settings, (s, x) => s with { RemoteTimeoutMs = x });
                    break;
                default:
                    // debounceMs, serverPath, trace (client side) and anything unknown: accepted and ignored.
                    break;
            }
        }

        return settings;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static FimSettings ReadInt(List<string> problems, JsonProperty property, int min, int max, FimSettings settings, Func<FimSettings, int, FimSettings> set)
    {
        var v = property.Value;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && d == Math.Floor(d) && d >= min && d <= max)
        {
            return set(settings, (int)d);
        }

        Bad(problems, property, string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}"));
        return settings;
    }

    private static void Bad(List<string> problems, JsonProperty property, string expected) =>
        problems.Add($"setting '{Section}.{property.Name}' is {property.Value.GetRawText()}, expected {expected}; using the default");
}
