using System.Text.Json;
using FimComplete.Engine.Api;
using FimComplete.Protocol;

namespace FimComplete.Server.Tests;

/// <summary>Issue 24 (workspace trust reaches the host) and issue 17.4 (errors reach the user; debug requests gated),
/// through the real server over pipes with the fake model host.</summary>
public class TrustAndErrorTests
{
    private const string Uri = "file:///work/project/C.cs";

    [Fact]
    public async Task The_workspace_is_untrusted_unless_initialization_options_say_true()
    {
        foreach (object? options in new object?[] { null, new { workspaceTrusted = false }, new { workspaceTrusted = "true" }, new { workspaceTrusted = 1 } })
        {
            await using var h = await InlineCompletionTests.StartAsync(initializationOptions: options);
            Assert.Equal(["/work/project"], h.Host.WorkspaceFolders);
            Assert.False(h.Host.WorkspaceTrusted, $"trusted with {JsonSerializer.Serialize(options)}");
        }

        await using var trusted = await InlineCompletionTests.StartAsync(initializationOptions: new { workspaceTrusted = true });
        Assert.True(trusted.Host.WorkspaceTrusted);
        Assert.Equal(["/work/project"], trusted.Host.WorkspaceFolders);
    }

    [Fact]
    public async Task Granting_trust_reaches_the_running_host_and_is_never_withdrawn()
    {
        await using var h = await InlineCompletionTests.StartAsync();
        Assert.False(h.Host.WorkspaceTrusted);

        await h.NotifyAsync(LspMethods.FimWorkspaceTrusted, new { trusted = false });
        await h.OpenAsync(Uri, "var x = ");
        Assert.NotEqual(0, (await h.InlineAsync(Uri, 0, 8)).GetProperty("items").GetArrayLength());
        Assert.False(h.Host.WorkspaceTrusted);

        await h.NotifyAsync(LspMethods.FimWorkspaceTrusted, new { trusted = true });
        await InlineCompletionTests.WaitUntilAsync(() => h.Host.WorkspaceTrusted);
        Assert.Contains("The workspace is trusted now", h.Log, StringComparison.Ordinal);
        Assert.Contains("trusted=false ignored", h.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_requests_are_off_unless_the_flag_or_log_level_debug_turns_them_on()
    {
        await using (var off = new ServerHarness(new ServerOptions { ModelPath = Path.GetTempPath(), ServerVersion = "test" }))
        {
            await off.InitializeAsync();
            await off.WaitForStatusAsync(FimStatusStates.Ready);
            var error = await Assert.ThrowsAsync<LspResponseException>(() => off.RequestAsync(LspMethods.FimDebugMemory, new { collect = true }));
            Assert.Equal(LspErrorCodes.MethodNotFound, error.Code);
            Assert.Contains("is a debug request", error.ErrorMessage, StringComparison.Ordinal);
            error = await Assert.ThrowsAsync<LspResponseException>(() => off.RequestAsync(LspMethods.FimDebugDocumentText, new { uri = Uri }));
            Assert.Equal(LspErrorCodes.MethodNotFound, error.Code);

            // fimComplete.logLevel debug turns them on, and back off.
            await off.NotifyAsync(LspMethods.WorkspaceDidChangeConfiguration, new { settings = new { fimComplete = new { logLevel = "debug" } } });
            Assert.True((await off.RequestAsync(LspMethods.FimDebugMemory, new { collect = false })).GetProperty("workingSet").GetInt64() > 0);
            await off.NotifyAsync(LspMethods.WorkspaceDidChangeConfiguration, new { settings = new { fimComplete = new { logLevel = "info" } } });
            error = await Assert.ThrowsAsync<LspResponseException>(() => off.RequestAsync(LspMethods.FimDebugMemory, new { collect = true }));
            Assert.Equal(LspErrorCodes.MethodNotFound, error.Code);
        }

        await using var on = new ServerHarness(new ServerOptions { ModelPath = Path.GetTempPath(), ServerVersion = "test", EnableDebugRequests = true });
        await on.InitializeAsync();
        Assert.True((await on.RequestAsync(LspMethods.FimDebugMemory, new { collect = true })).GetProperty("workingSet").GetInt64() > 0);
    }

    [Fact]
    public async Task An_engine_failure_turns_the_status_to_error_with_the_reason_until_the_next_success()
    {
        await using var h = await InlineCompletionTests.StartAsync();
        await h.OpenAsync(Uri, "var x = ");
        h.ClearNotifications();
        h.Host.CompletionException = new InvalidOperationException("the ONNX session broke");

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await h.InlineAsync(Uri, 0, 8, triggerKind: 1)).GetProperty("items").GetArrayLength());
        }

        var error = await h.WaitForNotificationAsync(LspMethods.FimStatus, p => p.GetProperty("state").GetString() == FimStatusStates.Error);
        Assert.Contains("the ONNX session broke", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        // A burst of failures is one status change (the extension shows one notification for it).
        Assert.Single(h.Notifications, n => n.Method == LspMethods.FimStatus && n.Params.GetProperty("state").GetString() == FimStatusStates.Error);

        h.Host.CompletionException = null;
        Assert.NotEqual(0, (await h.InlineAsync(Uri, 0, 8, triggerKind: 1)).GetProperty("items").GetArrayLength());
        await h.WaitForStatusAsync(FimStatusStates.Ready); // notifications were cleared before the failures
        Assert.Equal(FimStatusStates.Ready, h.Notifications.Last(n => n.Method == LspMethods.FimStatus).Params.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_model_load_that_throws_an_unexpected_exception_ends_in_error_not_loading()
    {
        await using var h = new ServerHarness();
        h.Host.LoadException = new TypeInitializationException(
            "Microsoft.ML.OnnxRuntime.NativeMethods", new DllNotFoundException("Unable to load shared library 'onnxruntime'"));
        await h.InitializeAsync();

        var error = await h.WaitForNotificationAsync(LspMethods.FimStatus, p => p.GetProperty("state").GetString() == FimStatusStates.Error);
        string message = error.GetProperty("message").GetString()!;
        Assert.Contains("TypeInitializationException", message, StringComparison.Ordinal);
        Assert.Contains("onnxruntime", message, StringComparison.Ordinal);
        Assert.Equal(ModelState.Loading, h.Host.Status.State); // the host never said it failed: the server did
        await InlineCompletionTests.WaitUntilAsync(() => h.Notifications.Any(n => n.Method == LspMethods.WindowShowMessage));
        Assert.Equal(FimStatusStates.Error, h.Notifications.Last(n => n.Method == LspMethods.FimStatus).Params.GetProperty("state").GetString());
    }
}
