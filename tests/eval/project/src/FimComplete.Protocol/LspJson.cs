using System.Text.Json;
using System.Text.Json.Serialization;

namespace FimComplete.Protocol;

/// <summary>System.Text.Json settings for LSP messages.</summary>
public static class LspJson
{
    /// <summary>
    /// Applies the LSP conventions to options used for writing (and reading) messages: camelCase names, nulls omitted,
    /// LSP enums as numbers (the System.Text.Json default).
    /// </summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.PropertyNameCaseInsensitive = false;
        return options;
    }

    /// <summary>
    /// Options used to read incoming params into our records: like <see cref="Configure"/>, and in addition a missing
    /// required member or a null in a non-nullable member is an error (so that handlers see well-formed records and
    /// the client gets InvalidParams with the JSON path instead of a NullReferenceException).
    /// </summary>
    public static JsonSerializerOptions CreateStrictReaderOptions()
    {
        var options = Configure(new JsonSerializerOptions());
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.MaxDepth = 256;
        return options;
    }
}
