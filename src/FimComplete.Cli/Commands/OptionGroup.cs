using System.CommandLine;
using System.CommandLine.Parsing;

namespace FimComplete.Cli.Commands;

/// <summary>Options that several commands share: registered on a command together, with their checks across options.</summary>
internal abstract class OptionGroup
{
    /// <summary>The group's options, in the order --help lists them.</summary>
    protected abstract IEnumerable<Option> All { get; }

    /// <summary>Checks across the group's options, run when a command line is parsed; none by default.</summary>
    protected virtual Action<CommandResult>? Validator => null;

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        if (Validator is { } validator)
        {
            command.Validators.Add(validator);
        }
    }
}
