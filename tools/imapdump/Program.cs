namespace ImapTools.Tools.ImapDump;

/// <summary>imapdump: placeholder until the tool lands; it refuses to run rather than pretend.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("imapdump: not implemented yet");
        return 1;
    }
}
