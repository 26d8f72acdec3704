namespace FimComplete.Engine.Workspace;

/// <summary>
/// Keeps MSBuild's design-time builds (what MSBuildWorkspace runs to read a project's sources, references and options)
/// out of the user's project: every output folder (<c>obj/</c>, <c>bin/</c>, the generated AssemblyInfo, global usings,
/// .editorconfig and caches) goes to a folder per project under the server's cache. NuGet's restore output
/// (<c>project.assets.json</c> and the <c>nuget.g.props/targets</c> in <c>MSBuildProjectExtensionsPath</c>, normally the
/// project's <c>obj/</c>) is still read from where the user's restore put it; restore itself never runs.
/// </summary>
/// <remarks>
/// How: global properties name a small .props file (written into the cache) that MSBuild imports after the project's
/// own properties and before the SDK derives its output paths (<c>BeforeMicrosoftNETSdkTargets</c>; for old-style
/// projects <c>CustomBeforeMicrosoftCommonTargets</c>). By then <c>MSBuildProjectExtensionsPath</c> is fixed to the user's
/// restore folder, so moving <c>BaseIntermediateOutputPath</c>, <c>IntermediateOutputPath</c>, <c>BaseOutputPath</c> and
/// <c>OutputPath</c> does not lose the package references. Global properties cannot differ per project, so the .props
/// file computes the per-project folder (project name + a hash of its full path).
/// </remarks>
public static class DesignTimeBuildOutput
{
    public const string PropsFileName = "FimComplete.DesignTime.props";

    /// <summary>The same content for old-style projects (MSBuild refuses to import one file twice, and SDK projects
    /// reach both import points; the first import wins, the second sees it done).</summary>
    public const string CommonTargetsFileName = "FimComplete.DesignTime.Common.targets";

    internal const string PropsText = """
        <Project>
          <!-- Written by FimComplete (the C# completion server): its MSBuild design-time builds put every output under
               $(FimCompleteBuildCache) instead of the project's obj/ and bin/. Restore output is still read from the
               project's MSBuildProjectExtensionsPath. -->
          <PropertyGroup Condition="'$(_FimCompleteOutputRedirected)' != 'true' and '$(FimCompleteBuildCache)' != ''">
            <_FimCompleteOutputRedirected>true</_FimCompleteOutputRedirected>
            <_FimCompleteProjectCache>$([MSBuild]::EnsureTrailingSlash('$(FimCompleteBuildCache)'))$(MSBuildProjectName)-$([MSBuild]::StableStringHash('$(MSBuildProjectFullPath)'))/</_FimCompleteProjectCache>
            <BaseIntermediateOutputPath>$(_FimCompleteProjectCache)obj/</BaseIntermediateOutputPath>
            <_InitialBaseIntermediateOutputPath>$(BaseIntermediateOutputPath)</_InitialBaseIntermediateOutputPath>
            <IntermediateOutputPath>$(_FimCompleteProjectCache)obj/$(Configuration)/</IntermediateOutputPath>
            <BaseOutputPath>$(_FimCompleteProjectCache)bin/</BaseOutputPath>
            <OutputPath>$(_FimCompleteProjectCache)bin/$(Configuration)/</OutputPath>
            <OutDir>$(OutputPath)</OutDir>
            <PackageOutputPath>$(_FimCompleteProjectCache)pkg/</PackageOutputPath>
            <DocumentationFile Condition="'$(DocumentationFile)' != ''">$(_FimCompleteProjectCache)obj/$([System.IO.Path]::GetFileName('$(DocumentationFile)'))</DocumentationFile>
          </PropertyGroup>
        </Project>
        """;

    /// <summary>The server's cache folder: <c>$XDG_CACHE_HOME/fimcomplete</c>, else <c>~/.cache/fimcomplete</c>
    /// (<c>%LOCALAPPDATA%\FimComplete\cache</c> on Windows, <c>~/Library/Caches/fimcomplete</c> on macOS).</summary>
    public static string DefaultCacheDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "FimComplete", "cache");
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "fimcomplete");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return OperatingSystem.IsMacOS()
            ? Path.Combine(home, "Library", "Caches", "fimcomplete")
            : Path.Combine(home, ".cache", "fimcomplete");
    }

    /// <summary>
    /// Writes the .props file under <paramref name="cacheDirectory"/><c>/msbuild</c> (when missing or different) and
    /// returns the global properties for <c>MSBuildWorkspace.Create</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Prepare(string cacheDirectory)
    {
        var root = Path.Combine(Path.GetFullPath(cacheDirectory), "msbuild");
        Directory.CreateDirectory(root);
        var props = Write(Path.Combine(root, PropsFileName));
        var commonTargets = Write(Path.Combine(root, CommonTargetsFileName));
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["FimCompleteBuildCache"] = Path.Combine(root, "projects") + Path.DirectorySeparatorChar,
            ["BeforeMicrosoftNETSdkTargets"] = props,
            ["CustomBeforeMicrosoftCommonTargets"] = commonTargets,
        };
    }

    private static string Write(string path)
    {
        var current = File.Exists(path) ? File.ReadAllText(path) : null;
        if (current != PropsText)
        {
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temporary, PropsText);
            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }
}
