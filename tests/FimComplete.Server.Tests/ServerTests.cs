using System.Text.Json;
using FimComplete.Engine.Api;
using FimComplete.Protocol;

namespace FimComplete.Server.Tests;

public class LifecycleTests
{
    [Fact]
    public async Task InitializeAdvertisesTheCapabilities()
    {
        await using var h = new ServerHarness();
        var result = await h.InitializeAsync();
        var capabilities = result.GetProperty("capabilities");
        Assert.True(capabilities.GetProperty("inlineCompletionProvider").GetBoolean());
        Assert.Equal("utf-16", capabilities.GetProperty("positionEncoding").GetString());
        var sync = capabilities.GetProperty("textDocumentSync");
        Assert.True(sync.GetProperty("openClose").GetBoolean());
        Assert.Equal(2, sync.GetProperty("change").GetInt32());
        Assert.False(sync.GetProperty("save").GetProperty("includeText").GetBoolean());
        Assert.Equal("fimcomplete", result.GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal("test", result.GetProperty("serverInfo").GetProperty("version").GetString());
    }

    [Fact]
    public async Task WorkspaceFoldersReachTheHost()
    {
        await using var h = new ServerHarness();
        var result = await h.InitializeAsync();
        var folders = result.GetProperty("capabilities").GetProperty("workspace").GetProperty("workspaceFolders");
        Assert.True(folders.GetProperty("supported").GetBoolean());
        Assert.True(folders.GetProperty("changeNotifications").GetBoolean());
        await InlineCompletionTests.WaitUntilAsync(() => h.Host.WorkspaceFolders.Count == 1);
        Assert.Equal("/work/project", h.Host.WorkspaceFolders[0]);
        await h.NotifyAsync(LspMethods.WorkspaceDidChangeWorkspaceFolders, new DidChangeWorkspaceFoldersParams(new WorkspaceFoldersChangeEvent(
            [new WorkspaceFolder("file:///work/other%20one", "other"), new WorkspaceFolder("vsls:/remote", "remote")],
            [new WorkspaceFolder("file:///work/project", "project")])));
        await InlineCompletionTests.WaitUntilAsync(() => h.Host.WorkspaceFolders is ["/work/other one"]);
    }

    [Fact]
    public async Task RequestsBeforeInitializeAreRejected()
    {
        await using var h = new ServerHarness();
        var error = await Assert.ThrowsAsync<LspResponseException>(() => h.InlineAsync("file:///a.cs", 0, 0));
        Assert.Equal(LspErrorCodes.ServerNotInitialized, error.Code);
        error = await Assert.ThrowsAsync<LspResponseException>(() => h.RequestAsync(LspMethods.Shutdown, null));
        Assert.Equal(LspErrorCodes.ServerNotInitialized, error.Code);
        await h.OpenAsync("file:///a.cs", "ignored"); // notifications before initialize are dropped
        await h.InitializeAsync();
        Assert.Equal(JsonValueKind.Null, (await h.RequestAsync(LspMethods.FimDebugDocumentText, new { uri = "file:///a.cs" })).ValueKind);
        error = await Assert.ThrowsAsync<LspResponseException>(() => h.RequestAsync(LspMethods.Initialize, new { capabilities = new { } }));
        Assert.Equal(LspErrorCodes.InvalidRequest, error.Code);
    }

    [Fact]
    public async Task ShutdownThenExitEndsWithZero()
    {
        await using var h = new ServerHarness();
        await h.InitializeAsync();
        Assert.Equal(JsonValueKind.Null, (await h.RequestAsync(LspMethods.Shutdown, null)).ValueKind);
        var error = await Assert.ThrowsAsync<LspResponseException>(() => h.InlineAsync("file:///a.cs", 0, 0));
        Assert.Equal(LspErrorCodes.InvalidRequest, error.Code);
        await h.NotifyAsync(LspMethods.Exit, null);
        Assert.Equal(0, await h.ServerTask.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task ExitWithoutShutdownEndsWithOne()
    {
        await using var h = new ServerHarness();
        await h.InitializeAsync();
        await h.NotifyAsync(LspMethods.Exit, null);
        Assert.Equal(1, await h.ServerTask.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task EndOfInputStopsTheServer()
    {
        await using var h = new ServerHarness();
        await h.InitializeAsync();
        Assert.Equal(1, await h.CloseInputAndWaitAsync());
    }

    [Fact]
    public async Task UnknownMethodsAndBadParamsGetErrorsAndTheServerCarriesOn()
    {
        await using var h = new ServerHarness();
        await h.InitializeAsync();
        var notFound = await Assert.ThrowsAsync<LspResponseException>(() => h.RequestAsync("fimComplete/noSuchMethod", new { }));
        Assert.Equal(LspErrorCodes.MethodNotFound, notFound.Code);
        await h.NotifyAsync("fimComplete/noSuchNotification", new { });
        await h.NotifyAsync(LspMethods.TextDocumentDidOpen, new { textDocument = 5 });
        var invalid = await Assert.ThrowsAsync<LspResponseException>(() => h.RequestAsync(
            LspMethods.TextDocumentInlineCompletion,
            new { textDocument = new { uri = "file:///a.cs" }, position = new { line = "x", character = 0 }, context = new { triggerKind = 1 } }));
        Assert.Equal(LspErrorCodes.InvalidParams, invalid.Code);
        Assert.Contains("position", invalid.ErrorMessage, StringComparison.Ordinal);
        invalid = await Assert.ThrowsAsync<LspResponseException>(() => h.RequestAsync(
            LspMethods.TextDocumentInlineCompletion, new { position = new { line = 0, character = 0 }, context = new { triggerKind = 1 } }));
        Assert.Equal(LspErrorCodes.InvalidParams, invalid.Code);
        invalid = await Assert.ThrowsAsync<LspResponseException>(() => h.RequestAsync(LspMethods.TextDocumentInlineCompletion, null));
        Assert.Equal(LspErrorCodes.InvalidParams, invalid.Code);
        Assert.Equal(JsonValueKind.Null, (await h.RequestAsync(LspMethods.FimDebugDocumentText, new { uri = "file:///a.cs" })).ValueKind);
    }
}

public class TextSyncTests
{
    [Fact]
    public async Task RandomIncrementalEditsKeepTheServerCopyEqualToTheClientCopy()
    {
        await using var h = new ServerHarness();
        await h.InitializeAsync();
        const string uri = "file:///work/project/Random.cs";
        var random = new Random(99);
        string text = RandomText.Next(random, 100);
        await h.OpenAsync(uri, text);
        for (int version = 2; version < 300; version++)
        {
            var changes = new List<TextDocumentContentChangeEvent>();
            for (int i = random.Next(1, 4); i > 0; i--)
            {
                var (start, end) = Reference.RandomRange(random, text);
                string insert = RandomText.Next(random, random.Next(0, 6));
                changes.Add(new TextDocumentContentChangeEvent(insert, new LspRange(start, end)));
                text = text[..Reference.Offset(text, start.Line, start.Character)] + insert + text[Reference.Offset(text, end.Line, end.Character)..];
            }

            await h.NotifyAsync(LspMethods.TextDocumentDidChange, new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), changes));
        }

        var serverText = await h.RequestAsync(LspMethods.FimDebugDocumentText, new DocumentTextParams(uri));
        Assert.Equal(text, serverText.GetString());
        Assert.Equal($"change /work/project/Random.cs {text.Length}", h.Host.DocumentEvents.Last());

        await h.NotifyAsync(LspMethods.TextDocumentDidClose, new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
        Assert.Equal(JsonValueKind.Null, (await h.RequestAsync(LspMethods.FimDebugDocumentText, new DocumentTextParams(uri))).ValueKind);
        Assert.Equal("close /work/project/Random.cs", h.Host.DocumentEvents.Last());
    }

    [Fact]
    public async Task OnlyCSharpDocumentsAreTracked()
    {
        await using var h = new ServerHarness();
        await h.InitializeAsync();
        await h.OpenAsync("file:///notes.txt", "hello", "plaintext");
        await h.OpenAsync("untitled:Untitled-1", "class A {}", "csharp");
        Assert.Equal(JsonValueKind.Null, (await h.RequestAsync(LspMethods.FimDebugDocumentText, new DocumentTextParams("file:///notes.txt"))).ValueKind);
        Assert.Equal("class A {}", (await h.RequestAsync(LspMethods.FimDebugDocumentText, new DocumentTextParams("untitled:Untitled-1"))).GetString());
        Assert.Contains("open untitled:Untitled-1 10", h.Host.DocumentEvents);
    }
}

public class InlineCompletionTests
{
    private const string Uri = "file:///work/project/C.cs";

    [Fact]
    public async Task ReturnsTheEngineItemsWithExplicitRanges()
    {
        await using var h = await StartAsync();
        string text = "class C\r\n{\r\n    // 😀 smile\r\n    int M() => \r\n}\r\n";
        await h.OpenAsync(Uri, text);
        var list = await h.InlineAsync(Uri, 3, 15);
        var items = list.GetProperty("items");
        Assert.Equal(3, items.GetArrayLength());
        Assert.Equal("fakeValue0();", items[0].GetProperty("insertText").GetString());
        Assert.Equal("fakeValue0();", items[0].GetProperty("filterText").GetString());
        // The ranker's score goes with each item: the client keeps a shown suggestion unless a newer one scores higher.
        Assert.Equal(1.0, items[0].GetProperty("data").GetProperty("score").GetDouble());
        Assert.Equal(0.5, items[1].GetProperty("data").GetProperty("score").GetDouble());
        foreach (var item in items.EnumerateArray())
        {
            AssertRange(item, 3, 15, 3, 15);
        }

        var request = Assert.Single(h.Host.Requests);
        Assert.Equal("/work/project/C.cs", request.DocumentPath);
        Assert.Equal(text, request.Text);
        Assert.Equal(text.IndexOf("=> ", StringComparison.Ordinal) + 3, request.Offset);
        Assert.Null(request.AcceptedPrefix);
    }

    [Fact]
    public async Task PositionsPastTheEndOfALineAreClampedAndPastTheLastLineAreInvalid()
    {
        await using var h = await StartAsync();
        await h.OpenAsync(Uri, "int x = 1;\nint y = ");
        var list = await h.InlineAsync(Uri, 1, 400);
        AssertRange(list.GetProperty("items")[0], 1, 8, 1, 8);
        var error = await Assert.ThrowsAsync<LspResponseException>(() => h.InlineAsync(Uri, 2, 0));
        Assert.Equal(LspErrorCodes.InvalidParams, error.Code);
        Assert.Contains("past the end of the document", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownDocumentsGetAnEmptyList()
    {
        await using var h = await StartAsync();
        var list = await h.InlineAsync("file:///work/project/Missing.cs", 0, 0);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        Assert.Empty(h.Host.Requests);
        Assert.Contains("not open", h.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypingThroughTheSuggestionIsAnsweredWithoutTheEngine()
    {
        await using var h = await StartAsync();
        await h.OpenAsync(Uri, "var x = \n");
        var first = await h.InlineAsync(Uri, 0, 8);
        Assert.Equal("fakeValue0();", first.GetProperty("items")[0].GetProperty("insertText").GetString());
        await h.NotifyAsync(LspMethods.TextDocumentDidChange, new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(Uri, 2),
            [new TextDocumentContentChangeEvent("fa", new LspRange(new Position(0, 8), new Position(0, 8)))]));
        var second = await h.InlineAsync(Uri, 0, 10);
        var items = second.GetProperty("items");
        Assert.Equal("keValue0();", items[0].GetProperty("insertText").GetString());
        Assert.Equal("keValue1();", items[1].GetProperty("insertText").GetString());
        Assert.Equal(0.5, items[1].GetProperty("data").GetProperty("score").GetDouble()); // the cache keeps the scores
        AssertRange(items[0], 0, 10, 0, 10);
        Assert.Single(h.Host.Requests);

        // Typing something else asks the engine again.
        await h.NotifyAsync(LspMethods.TextDocumentDidChange, new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(Uri, 3),
            [new TextDocumentContentChangeEvent("Z", new LspRange(new Position(0, 10), new Position(0, 10)))]));
        await h.InlineAsync(Uri, 0, 11);
        Assert.Equal(2, h.Host.Requests.Count);
    }

    [Fact]
    public async Task ClientCancellationReachesTheEngine()
    {
        await using var h = await StartAsync();
        await h.OpenAsync(Uri, "// fake-delay-ms: 20000\nvar x = ");
        using var cts = new CancellationTokenSource();
        var pending = h.InlineAsync(Uri, 1, 8, cancellationToken: cts.Token);
        Assert.True(await h.Host.CompletionStarted.WaitAsync(TimeSpan.FromSeconds(10)));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await WaitUntilAsync(() => h.Host.CancelledCompletions == 1);
    }

    [Fact]
    public async Task ANewerRequestForTheDocumentSupersedesTheOlderOne()
    {
        await using var h = await StartAsync();
        await h.OpenAsync(Uri, "// fake-delay-ms: 20000\nvar x = ");
        var older = h.InlineAsync(Uri, 1, 8);
        Assert.True(await h.Host.CompletionStarted.WaitAsync(TimeSpan.FromSeconds(10)));
        await h.NotifyAsync(LspMethods.TextDocumentDidChange, new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(Uri, 2), [new TextDocumentContentChangeEvent("// quick\nvar x = ")]));
        var newer = await h.InlineAsync(Uri, 1, 8);
        Assert.Equal(3, newer.GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await older).GetProperty("items").GetArrayLength());
        Assert.Equal(1, h.Host.CancelledCompletions);
    }

    [Fact]
    public async Task ASelectedSuggestItemIsCompletedAsIfAccepted()
    {
        await using var h = await StartAsync();
        await h.OpenAsync(Uri, "Console.Wri\n");
        var list = await h.InlineAsync(Uri, 0, 11, new { range = Range(0, 8, 0, 11), text = "WriteLine" });
        var request = Assert.Single(h.Host.Requests);
        Assert.Equal("teLine", request.AcceptedPrefix);
        Assert.Equal(11, request.Offset);
        Assert.Equal("Console.Wri\n", request.Text);
        var item = list.GetProperty("items")[0];
        Assert.Equal("WriteLinefakeValue0();", item.GetProperty("insertText").GetString());
        AssertRange(item, 0, 8, 0, 11);
    }

    [Fact]
    public async Task ASelectedItemThatDoesNotExtendTheTypedTextReplacesIt()
    {
        await using var h = await StartAsync();
        await h.OpenAsync(Uri, "Console.wriX\n");
        var list = await h.InlineAsync(Uri, 0, 11, new { range = Range(0, 8, 0, 12), text = "WriteLine" });
        var request = Assert.Single(h.Host.Requests);
        Assert.Equal("WriteLine", request.AcceptedPrefix);
        Assert.Equal(8, request.Offset);
        Assert.Equal("Console.\n", request.Text);
        var item = list.GetProperty("items")[0];
        Assert.Equal("WriteLinefakeValue0();", item.GetProperty("insertText").GetString());
        AssertRange(item, 0, 8, 0, 12);
    }

    internal static async Task<ServerHarness> StartAsync(object? capabilities = null, object? initializationOptions = null)
    {
        var h = new ServerHarness();
        await h.InitializeAsync(capabilities, initializationOptions);
        await h.WaitForStatusAsync(FimStatusStates.Ready);
        return h;
    }

    internal static object Range(int l1, int c1, int l2, int c2) => new { start = new { line = l1, character = c1 }, end = new { line = l2, character = c2 } };

    internal static void AssertRange(JsonElement item, int l1, int c1, int l2, int c2)
    {
        var range = item.GetProperty("range");
        Assert.Equal(l1, range.GetProperty("start").GetProperty("line").GetInt32());
        Assert.Equal(c1, range.GetProperty("start").GetProperty("character").GetInt32());
        Assert.Equal(l2, range.GetProperty("end").GetProperty("line").GetInt32());
        Assert.Equal(c2, range.GetProperty("end").GetProperty("character").GetInt32());
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met in time.");
            await Task.Delay(20);
        }
    }
}

public class ConfigurationAndStatusTests
{
    private const string Uri = "file:///work/project/C.cs";

    [Fact]
    public async Task InitializationOptionsSettingsApply()
    {
        await using var h = await InlineCompletionTests.StartAsync(initializationOptions: new { settings = new { candidates = 1, maxNewTokens = 7 } });
        await h.OpenAsync(Uri, "var x = ");
        Assert.Equal(1, (await h.InlineAsync(Uri, 0, 8)).GetProperty("items").GetArrayLength());
        Assert.Equal(7, h.Host.Requests.Single().Options.MaxNewTokens);
    }

    [Fact]
    public async Task PushedSettingsApplyToTheNextRequest()
    {
        await using var h = await InlineCompletionTests.StartAsync();
        await h.OpenAsync(Uri, "var x = ");
        await h.NotifyAsync(LspMethods.WorkspaceDidChangeConfiguration, new { settings = new { fimComplete = new { candidates = 2, multiline = "never", temperature = 0.5 } } });
        Assert.Equal(2, (await h.InlineAsync(Uri, 0, 8)).GetProperty("items").GetArrayLength());
        var options = h.Host.Requests.Single().Options;
        Assert.Equal(LinePolicy.SingleLine, options.LinePolicy);
        Assert.Equal(0.5f, options.Temperature);
        Assert.Single(h.Host.Loads); // no reload for per-request settings
    }

    [Fact]
    public async Task SettingsArePulledWhenTheClientSupportsIt()
    {
        var h = new ServerHarness { ConfigurationSection = ServerHarness.Json("""{"candidates": 1}""") };
        await using (h)
        {
            await h.InitializeAsync(new { workspace = new { configuration = true } });
            await h.WaitForStatusAsync(FimStatusStates.Ready);
            Assert.Equal(1, h.ConfigurationRequests);
            await h.OpenAsync(Uri, "var x = ");
            Assert.Equal(1, (await h.InlineAsync(Uri, 0, 8)).GetProperty("items").GetArrayLength());

            h.ConfigurationSection = ServerHarness.Json("""{"candidates": 2}""");
            await h.NotifyAsync(LspMethods.WorkspaceDidChangeConfiguration, new { settings = (object?)null });
            await InlineCompletionTests.WaitUntilAsync(() => h.ConfigurationRequests == 2);
            await InlineCompletionTests.WaitUntilAsync(() => h.Log.Contains("candidates=2", StringComparison.Ordinal));
            await h.NotifyAsync(LspMethods.TextDocumentDidChange, new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(Uri, 2), [new TextDocumentContentChangeEvent("var y = ")]));
            Assert.Equal(2, (await h.InlineAsync(Uri, 0, 8)).GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public async Task DisabledMeansNoItemsAndADisabledStatus()
    {
        await using var h = await InlineCompletionTests.StartAsync();
        await h.OpenAsync(Uri, "var x = ");
        await h.NotifyAsync(LspMethods.WorkspaceDidChangeConfiguration, new { settings = new { fimComplete = new { enabled = false } } });
        await h.WaitForStatusAsync(FimStatusStates.Disabled);
        Assert.Equal(0, (await h.InlineAsync(Uri, 0, 8)).GetProperty("items").GetArrayLength());
        Assert.Empty(h.Host.Requests);
        h.ClearNotifications();
        await h.NotifyAsync(LspMethods.WorkspaceDidChangeConfiguration, new { settings = new { fimComplete = new { enabled = true } } });
        await h.WaitForStatusAsync(FimStatusStates.Ready);
        Assert.Equal(3, (await h.InlineAsync(Uri, 0, 8)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ModelChangesReloadWithProgressAndFailuresAreShown()
    {
        await using var h = await InlineCompletionTests.StartAsync(new { window = new { workDoneProgress = true } });
        var create = await h.WaitForNotificationAsync(LspMethods.WindowWorkDoneProgressCreate);
        string token = create.GetProperty("token").GetString()!;
        await h.WaitForNotificationAsync(LspMethods.Progress, p => p.GetProperty("token").GetString() == token && p.GetProperty("value").GetProperty("kind").GetString() == "begin");
        await h.WaitForNotificationAsync(LspMethods.Progress, p => p.GetProperty("token").GetString() == token && p.GetProperty("value").GetProperty("kind").GetString() == "end");

        var info = await h.RequestAsync(LspMethods.FimModelInfo, null);
        Assert.Equal(h.ModelDirectory, info.GetProperty("path").GetString());
        Assert.Equal("cpu", info.GetProperty("provider").GetString());
        Assert.Equal(2048, info.GetProperty("contextLength").GetInt32());
        Assert.Equal("starcoder", info.GetProperty("template").GetString());
        Assert.StartsWith("fake-", info.GetProperty("name").GetString(), StringComparison.Ordinal);

        h.ClearNotifications();
        await h.NotifyAsync(LspMethods.WorkspaceDidChangeConfiguration, new { settings = new { fimComplete = new { modelPath = "/no/such/model" } } });
        await h.WaitForStatusAsync(FimStatusStates.Error);
        var shown = await h.WaitForNotificationAsync(LspMethods.WindowShowMessage);
        Assert.Equal(1, shown.GetProperty("type").GetInt32());
        Assert.Contains("/no/such/model", shown.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await h.RequestAsync(LspMethods.FimModelInfo, null)).ValueKind);
        await h.OpenAsync(Uri, "var x = ");
        Assert.Equal(0, (await h.InlineAsync(Uri, 0, 8)).GetProperty("items").GetArrayLength());

        h.ClearNotifications();
        await h.NotifyAsync(LspMethods.WorkspaceDidChangeConfiguration, new { settings = new { fimComplete = new { modelPath = string.Empty, executionProvider = "cuda" } } });
        await h.WaitForStatusAsync(FimStatusStates.Ready);
        var ready = await h.WaitForNotificationAsync(LspMethods.FimStatus, p => p.GetProperty("state").GetString() == FimStatusStates.Ready);
        Assert.Equal("cuda", ready.GetProperty("provider").GetString());
        Assert.Equal(3, h.Host.Loads.Count);
        Assert.Equal(3, (await h.InlineAsync(Uri, 0, 8)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task LogLinesReachTheClient()
    {
        await using var h = await InlineCompletionTests.StartAsync();
        await h.WaitForNotificationAsync(LspMethods.WindowLogMessage, p => p.GetProperty("message").GetString()!.Contains("Model ready", StringComparison.Ordinal));
    }
}
