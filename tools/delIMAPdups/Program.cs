namespace ImapTools.Tools.DelImapDups;

/// <summary>delIMAPdups: placeholder until the tool lands; it refuses to run rather than pretend.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("delIMAPdups: not implemented yet");
        return 1;
    }
}
