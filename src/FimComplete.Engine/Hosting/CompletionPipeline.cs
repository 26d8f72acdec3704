using FimComplete.Engine.Adaptive;
using FimComplete.Engine.Api;
using FimComplete.Engine.Workspace;
using FimComplete.Inference;
using FimComplete.Inference.Generation;
using FimComplete.Inference.Onnx;
using FimComplete.Inference.Remote;

namespace FimComplete.Engine.Hosting;

/// <summary>
/// The composition root: the one place the completion pipeline is put together. The server's host (each model load
/// and its warm-up), the CLI's <c>complete</c> and <c>bench</c> (and <c>eval</c>/<c>eval-suite</c> through the host)
/// and the benchmarks build it here, so what they run and measure is the pipeline the editor gets: the model's
/// generator or the configured server's, and the workspace adaptation (cache LM, retrieval) over the model's tokenizer.
/// </summary>
public static class CompletionPipeline
{
    /// <summary>Loads the model a pipeline runs on (execution provider, threads, FIM template of the settings).</summary>
    public static FimModel LoadModel(ModelSettings settings) =>
        FimModel.Load(settings.ModelPath, new InferenceOptions(InferenceOptions.ParseProvider(settings.ExecutionProvider), settings.Threads), settings.FimTemplate);

    /// <summary>The pipeline over a workspace: <paramref name="generator"/> (null: the bundled model's) and a workspace
    /// adaptation of its own (the n-gram index is over token ids, so each model gets its own), empty until the caller
    /// feeds it documents or folders.</summary>
    public static CompletionEngine Create(FimModel model, IAnalysisWorkspace workspace, TextWriter? log, ICandidateGenerator? generator = null, AdaptiveOptions? adaptiveOptions = null) =>
        new(model, workspace, generator ?? new LocalCandidateGenerator(model), new WorkspaceAdaptation(model.Tokenizer, adaptiveOptions), log);

    /// <summary>The pipeline less the workspace adaptation, over a private workspace unless one is given: for tests of
    /// the other steps, whose answers must not depend on what an index happened to hold.</summary>
    internal static CompletionEngine WithoutAdaptation(FimModel model, IAnalysisWorkspace? workspace = null, ICandidateGenerator? generator = null) =>
        new(model, workspace ?? PrivateWorkspace(), generator ?? new LocalCandidateGenerator(model), adaptation: null, log: null);

    /// <summary>The bundled model's generator, or the configured server's (<paramref name="http"/> gives the shared
    /// keep-alive client; it is asked for only when a remote backend is configured, so no socket opens otherwise).</summary>
    public static ICandidateGenerator CreateGenerator(FimModel model, RemoteBackendSettings? remote, Func<RemoteBackendSettings, RemoteHttp> http) =>
        remote is null || remote.Kind == BackendKind.Local ? new LocalCandidateGenerator(model) : RemoteGenerators.Create(remote, http(remote));

    /// <summary>A workspace that holds only the documents it is asked about (no projects, no watching, no disk scan).</summary>
    public static CodeWorkspace PrivateWorkspace() =>
        new(TextWriter.Null, new CodeWorkspaceOptions { UseMSBuild = false, WatchFiles = false, WarmUp = false });

    /// <summary>
    /// The pipeline over one folder, as the server has it for a workspace folder: the folder's Roslyn workspace
    /// (MSBuild projects only when <paramref name="useMSBuild"/>: a trusted folder) and the adaptation's index of its
    /// files, both loaded before this returns. For the CLI's one-shot commands.
    /// </summary>
    public static async Task<FolderPipeline> OpenFolderAsync(FimModel model, string folder, bool useMSBuild, TextWriter log, ICandidateGenerator? generator, CancellationToken cancellationToken)
    {
        var workspace = new CodeWorkspace(log, new CodeWorkspaceOptions { UseMSBuild = useMSBuild, WatchFiles = false, WarmUp = false });
        try
        {
            string[] folders = [folder];
            workspace.SetFolders(folders);
            var engine = Create(model, workspace, log, generator);
            await engine.Adaptation!.IndexFoldersAsync(folders, cancellationToken: cancellationToken).ConfigureAwait(false);
            await workspace.WhenLoaded.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new FolderPipeline(engine, workspace);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }
}
