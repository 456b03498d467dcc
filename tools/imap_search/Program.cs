using ImapTools.Common;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Selection;

namespace ImapTools.Tools.ImapSearch;

/// <summary>imap_search: searches one folder or every folder on the server and prints a Folder/Date/Subject table.</summary>
public static class Program
{
    /// <summary>The usage text (the original's U1 form).</summary>
    public const string Usage = """

Usage: imap_search <host[:port]/user/password[:mbx]> <"field1=value1"> ... <"fieldn=valuen">
       imap_search <user[:mbx]> <"field1=value1"> ...   (host and admin login from imap_search.cf)
Add /CRAM-MD5 for CRAM-MD5 logins like this:  host/user/pwd/CRAM-MD5
Terms: keyword=value (from, to, cc, subject, body, text, since, before, sentsince, larger, date, message-id, ...)
       and the words OR, NOT, AND (ignored) and bare flags such as SEEN.

""";

    /// <summary>The tool's definition: no letter options (the original parsed none).</summary>
    public static readonly ToolDefinition Tool = new("imap_search", "", Usage,
    [
        new LongOption("config", true, "read this config file instead of looking for imap_search.cf", "FILE"),
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
    ]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var args = p.Remaining;
        if (args.Count < 2 || args[0].Length == 0 || args[1].Length == 0)
        {
            Console.Out.Write(Usage);
            Console.Out.Flush();
            return ExitCodes.Usage;
        }
        var config = SearchConfig.Load(p.Value("config"));
        var access = AccessString.Parse(args[0], hasTerms: true, config);
        string keys = LegacySearchTerms.Build(args.Skip(1));
        var query = SearchExpression.Parse(keys);
        var settings = new ConnectionSettings(ConnectionSettings.DefaultTimeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment());
        using var log = ToolLog.Create(new LogSettings("imap_search"));
        return await new SearchJob(access.Target, access.Mailbox, keys, query, settings, log).RunAsync(ct);
    }
}
