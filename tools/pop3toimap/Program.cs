namespace ImapTools.Tools.Pop3ToImap;

/// <summary>pop3toimap: placeholder until the tool lands; it refuses to run rather than pretend.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("pop3toimap: not implemented yet");
        return 1;
    }
}
