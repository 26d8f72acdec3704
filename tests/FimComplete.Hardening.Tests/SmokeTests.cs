using FimComplete.Hardening.Tests.Infrastructure;

namespace FimComplete.Hardening.Tests;

public class SmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheRealServerStartsCompletesAndShutsDown()
    {
        using var workspace = new TempFolder();
        string file = workspace.File("MathUtil.cs", Samples.MathUtil);
        await using var server = await TestServer.StartReadyAsync(workspace.Path);
        await server.Client.OpenAsync(TempFolder.Uri(file), Samples.MathUtil);
        var result = await server.Client.InlineAsync(TempFolder.Uri(file), Samples.MathUtilCursor.Line, Samples.MathUtilCursor.Character);
        output.WriteLine(result.GetRawText());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, result.GetProperty("items").ValueKind);
        output.WriteLine(server.Sample().ToString());
        Assert.Equal(0, await server.ShutdownAsync());
        Assert.Empty(server.Client.ProtocolViolations);
    }
}
