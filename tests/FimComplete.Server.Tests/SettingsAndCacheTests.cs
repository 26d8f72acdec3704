using System.Text.Json;
using FimComplete.Engine.Api;
using FimComplete.Server.Completion;
using FimComplete.Server.Configuration;

namespace FimComplete.Server.Tests;

public class FimSettingsParserTests
{
    [Fact]
    public void ReadsAllSettings()
    {
        var settings = FimSettingsParser.Parse(Json("""
            {"enabled": false, "modelPath": " /m ", "executionProvider": "CUDA", "threads": 4, "maxNewTokens": 100,
             "temperature": 0.2, "candidates": 2, "contextBudget": 1500, "multiline": "never",
             "debounceMs": 75, "serverPath": "", "logLevel": "debug", "somethingNew": {"x": 1}}
            """), out var warnings);
        Assert.Empty(warnings);
        Assert.False(settings.Enabled);
        Assert.Equal("/m", settings.ModelPath);
        Assert.Equal("cuda", settings.ExecutionProvider);
        Assert.Equal(4, settings.Threads);
        Assert.Equal(100, settings.MaxNewTokens);
        Assert.Equal(0.2f, settings.Temperature);
        Assert.Equal(2, settings.Candidates);
        Assert.Equal(1500, settings.ContextBudget);
        Assert.Equal(LinePolicy.SingleLine, settings.Multiline);
        var options = settings.ToCompletionOptions();
        Assert.Equal(100, options.MaxNewTokens);
        Assert.Equal(2, options.Candidates);
        Assert.Equal(1500, options.ContextTokens);
        Assert.Equal(LinePolicy.SingleLine, options.LinePolicy);
        Assert.Equal(LinePolicy.MultiLine, FimSettingsParser.Parse(Json("""{"multiline":"always"}"""), out _).Multiline);
    }

    [Fact]
    public void MissingKeysAndNullGiveDefaults()
    {
        Assert.Equal(FimSettings.Default, FimSettingsParser.Parse(Json("{}"), out var w1));
        Assert.Equal(FimSettings.Default, FimSettingsParser.Parse(null, out var w2));
        Assert.Empty(w1);
        Assert.Empty(w2);
    }

    [Fact]
    public void BadValuesWarnAndKeepTheDefault()
    {
        var settings = FimSettingsParser.Parse(Json("""
            {"enabled": "yes", "executionProvider": "tpu", "threads": -1, "maxNewTokens": 2.5, "temperature": "hot",
             "candidates": 0, "contextBudget": null, "multiline": 3, "modelPath": 5}
            """), out var warnings);
        Assert.Equal(FimSettings.Default, settings);
        Assert.Equal(9, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("fimComplete.executionProvider", StringComparison.Ordinal) && w.Contains("\"tpu\"", StringComparison.Ordinal));
    }

    [Fact]
    public void FindsTheSectionInDidChangeConfigurationSettings()
    {
        Assert.Equal(3, FimSettingsParser.FindSection(Json("""{"fimComplete": {"candidates": 3}}"""))!.Value.GetProperty("candidates").GetInt32());
        Assert.Equal(1, FimSettingsParser.FindSection(Json("""{"candidates": 1}"""))!.Value.GetProperty("candidates").GetInt32());
        Assert.Null(FimSettingsParser.FindSection(Json("null")));
        Assert.Null(FimSettingsParser.FindSection(Json("{}")));
        Assert.Null(FimSettingsParser.FindSection(Json("""{"csharp": {"x": 1}}""")));
        Assert.Null(FimSettingsParser.FindSection(null));
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}

public class TypingThroughCacheTests
{
    private const string Uri = "file:///a.cs";

    [Fact]
    public void AnswersTheRemainderWhenTheTypedTextMatchesTheTopItem()
    {
        var cache = new TypingThroughCache();
        string text = "int x = \n}";
        cache.Remember(Uri, text, 8, ["Foo(1);", "Fab();", "Bar();"]);
        string typed = "int x = F\n}";
        Assert.Equal(["oo(1);", "ab();"], cache.TryGetRemainders(Uri, typed, 9, allowUnchanged: false));
        Assert.Equal(["(1);"], cache.TryGetRemainders(Uri, "int x = Foo\n}", 11, allowUnchanged: false));
    }

    [Fact]
    public void MissesWhenTheEditIsNotTypingThrough()
    {
        var cache = new TypingThroughCache();
        string text = "int x = \n}";
        cache.Remember(Uri, text, 8, ["Foo(1);"]);
        Assert.Null(cache.TryGetRemainders(Uri, "int x = G\n}", 9, false)); // does not match
        Assert.Null(cache.TryGetRemainders(Uri, "int x = F\n}", 8, false)); // cursor not after the typed text
        Assert.Null(cache.TryGetRemainders(Uri, "int y = F\n}", 9, false)); // text before changed
        Assert.Null(cache.TryGetRemainders(Uri, "int x = F)\n}", 9, false)); // text after changed (auto-closed bracket)
        Assert.Null(cache.TryGetRemainders(Uri, "int x = Foo(1);\n}", 15, false)); // all typed: ask the model again
        Assert.Null(cache.TryGetRemainders(Uri, text, 8, allowUnchanged: false));
        Assert.Equal(["Foo(1);"], cache.TryGetRemainders(Uri, text, 8, allowUnchanged: true));
        Assert.Null(cache.TryGetRemainders("file:///b.cs", "int x = F\n}", 9, false));
        cache.Forget(Uri);
        Assert.Null(cache.TryGetRemainders(Uri, "int x = F\n}", 9, false));
    }

    [Fact]
    public void EmptyResultsAreNotRemembered()
    {
        var cache = new TypingThroughCache();
        cache.Remember(Uri, "a", 1, ["b();"]);
        cache.Remember(Uri, "a", 1, []);
        Assert.Null(cache.TryGetRemainders(Uri, "ab", 2, false));
    }
}
