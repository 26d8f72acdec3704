using System.Runtime.InteropServices;

namespace FimComplete.Server.Privacy;

/// <summary>
/// Switches off the telemetry of the native libraries the server loads, before they load.
/// <para>
/// ONNX Runtime 1.31's Linux build contains a 1DS telemetry client: on the first session it writes a device id and an
/// event database under <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime/</c> and a <c>.ses</c> file in TMPDIR, and
/// resolves <c>mobile.events.data.microsoft.com</c> to upload events (seen with strace; docs/reliability.md). Its switch
/// is the environment variable <c>ORT_DISABLE_TELEMETRY</c>, which the native code reads with <c>getenv</c>: .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not change the native environment on Unix, so
/// it is set with libc's <c>setenv</c> as well (and in the managed environment, which child processes inherit).
/// </para>
/// </summary>
public static partial class TelemetryOptOut
{
    /// <summary>Variables set to "1" by <see cref="Apply"/>.</summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        "ORT_DISABLE_TELEMETRY",        // ONNX Runtime (1DS telemetry on Linux; ETW on Windows is off unless enabled)
        "DOTNET_CLI_TELEMETRY_OPTOUT",  // the .NET SDK, should MSBuild's build host run any of its commands
        "MSBUILD_TELEMETRY_OPTOUT",     // MSBuild (design-time builds of the workspace's projects)
        "DOTNET_NOLOGO",
    ];

    /// <summary>Sets the opt-out variables in this process (native and managed environment). Idempotent; never throws.</summary>
    public static void Apply()
    {
        foreach (string name in Variables)
        {
            Environment.SetEnvironmentVariable(name, "1");
            if (!OperatingSystem.IsWindows())
            {
                try
                {
                    _ = SetNativeEnvironmentVariable(name, "1", 1);
                }
#pragma warning disable CA1031 // No libc setenv (an unusual platform): the managed variable is still set.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNativeEnvironmentVariable(string name, string value, int overwrite);
}
