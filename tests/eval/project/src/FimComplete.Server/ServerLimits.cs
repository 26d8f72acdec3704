using FimComplete.Server.Framing;

namespace FimComplete.Server;

/// <summary>
/// The server's resource limits in one place (docs/reliability.md lists them with the engine's and the model's).
/// </summary>
public static class ServerLimits
{
    /// <summary>Largest accepted message (Content-Length), see <see cref="LspMessageHandler.MaxContentLength"/>.</summary>
    public const int MaxMessageBytes = LspMessageHandler.MaxContentLength;

    /// <summary>
    /// Inline completions that may run at once, over all documents. A newer request cancels the oldest running one
    /// beyond this number (which then answers an empty list), as a newer request for the same document always does:
    /// the model runs one generation at a time anyway, so older requests would only wait for it.
    /// </summary>
    public const int MaxRunningCompletions = 2;

    /// <summary>
    /// Longest document (UTF-16 code units) handed to the completion engine. Longer documents stay synchronised (and
    /// come back into the engine when they shrink) but get no completions: Roslyn analysis of a multi-megabyte file
    /// takes seconds per request (5 MB: about 7 s, the first one 30 s) and every edit would be re-diffed. The same
    /// limit as the workspace scanner's (files over 1,000,000 bytes are left out of the workspace).
    /// </summary>
    public const int MaxEngineDocumentLength = 1_000_000;

    /// <summary>True when a document of this text is handed to the engine.</summary>
    public static bool FitsEngine(string text) => text.Length <= MaxEngineDocumentLength;
}
