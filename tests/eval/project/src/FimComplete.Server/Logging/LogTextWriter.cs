using System.Text;
using FimComplete.Protocol;

namespace FimComplete.Server.Logging;

/// <summary>A <see cref="TextWriter"/> for components (the model host) that log text: each completed line becomes one
/// <see cref="ServerLogger"/> entry, so it reaches stderr and the client's output channel.</summary>
public sealed class LogTextWriter : TextWriter
{
    private readonly ServerLogger logger;
    private readonly MessageType type;
    private readonly StringBuilder line = new();
    private readonly object gate = new();

    public LogTextWriter(ServerLogger logger, MessageType type = MessageType.Info)
    {
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        this.type = type;
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        string? completed = null;
        lock (this.gate)
        {
            if (value == '\n')
            {
                completed = this.TakeLine();
            }
            else
            {
                this.line.Append(value);
            }
        }

        if (completed is not null)
        {
            this.logger.Write(this.type, completed);
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        List<string>? completed = null;
        lock (this.gate)
        {
            int start = 0;
            while (true)
            {
                int nl = value.IndexOf('\n', start);
                if (nl < 0)
                {
                    this.line.Append(value, start, value.Length - start);
                    break;
                }

                this.line.Append(value, start, nl - start);
                (completed ??= []).Add(this.TakeLine());
                start = nl + 1;
            }
        }

        if (completed is not null)
        {
            foreach (string text in completed)
            {
                this.logger.Write(this.type, text);
            }
        }
    }

    public override void Write(char[] buffer, int index, int count) => this.Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => this.Write((value ?? string.Empty) + "\n");

    public override void Flush()
    {
        string? pending = null;
        lock (this.gate)
        {
            if (this.line.Length > 0)
            {
                pending = this.TakeLine();
            }
        }

        if (pending is not null)
        {
            this.logger.Write(this.type, pending);
        }
    }

    private string TakeLine()
    {
        if (this.line.Length > 0 && this.line[^1] == '\r')
        {
            this.line.Length--;
        }

        string text = this.line.ToString();
        this.line.Clear();
        return text;
    }
}
