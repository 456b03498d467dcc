using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ImapTools.Common.Connection;
using ImapTools.Common.Selection;

namespace ImapTools.Common.Rules;

/// <summary>A parsed rules file: the rules in file order and the server lines.</summary>
/// <param name="Rules">The rules, in file order.</param>
/// <param name="LocalServer">The <c>LocalServer:</c> line (host, port, user, password), or null.</param>
/// <param name="RemoteServers">The <c>RemoteServer:</c> lines.</param>
public sealed record RuleSet(IReadOnlyList<FilterRule> Rules, ConnectionString? LocalServer, IReadOnlyList<RemoteServer> RemoteServers);

/// <summary>
/// Reads imapfilter rules files (spec imapfilter §3): tab-separated <c>FIELD MATCH SOURCE DEST [copy]</c> lines,
/// <c>#</c> comments, <c>LocalServer:</c> and <c>RemoteServer:</c> lines. Every rule is validated and compiled up
/// front, so a bad rule stops the run before anything is moved: the error is one line naming the file and the line
/// (<see cref="ExitCodes.File"/>).
/// </summary>
public static class RulesFile
{
    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <param name="path">The rules file.</param>
    /// <param name="now">The reference time of relative day counts.</param>
    /// <exception cref="ImapToolsException">The file cannot be read (<c>Can't open rules file …</c>) or a line is invalid.</exception>
    public static RuleSet Read(string path, DateTimeOffset now)
    {
        string text;
        try
        {
            // Latin-1 keeps every byte (8-bit header patterns match raw header bytes); UTF-8 files are decoded as UTF-8.
            byte[] bytes = File.ReadAllBytes(path);
            text = IsUtf8(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
            if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Can't open rules file {path}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
        return Parse(text.Split('\n'), path, now);
    }

    /// <summary>Parses the lines of a rules file; <paramref name="fileName"/> names it in errors.</summary>
    public static RuleSet Parse(IEnumerable<string> lines, string fileName, DateTimeOffset now)
    {
        var rules = new List<FilterRule>();
        var remotes = new List<RemoteServer>();
        var pendingRemote = new List<(string Host, int? Port, string Mailbox, int Line, FilterRule Rule)>();
        ConnectionString? local = null;
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.TrimEnd('\r').TrimStart();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.StartsWith("LocalServer:", StringComparison.OrdinalIgnoreCase))
            {
                var (host, port, user, password) = ServerLine(line["LocalServer:".Length..], fileName, number);
                local = new ConnectionString(host, port, user, password, LoginMethod.Default, null);
                continue;
            }
            if (line.StartsWith("RemoteServer:", StringComparison.OrdinalIgnoreCase))
            {
                var (host, port, user, password) = ServerLine(line["RemoteServer:".Length..], fileName, number);
                remotes.Add(new RemoteServer(host, port, user, password, number));
                continue;
            }
            var rule = ParseRule(line, fileName, number, now);
            if (IsRemote(rule.Destination, out string rHost, out int? rPort, out string rMailbox))
                pendingRemote.Add((rHost, rPort, rMailbox, number, rule));
            rules.Add(rule);
        }
        foreach (var (host, port, mailbox, line, rule) in pendingRemote)
        {
            var server = remotes.FirstOrDefault(r => r.Host.Equals(host, StringComparison.OrdinalIgnoreCase) && (port is null || r.Port == port))
                ?? throw Error(fileName, line, $"the destination {rule.Destination} names the remote host {host}{(port is null ? "" : ":" + port)} but no RemoteServer: line defines it");
            if (mailbox.Length == 0) throw Error(fileName, line, $"the remote destination {rule.Destination} has no mailbox name");
            rules[rules.IndexOf(rule)] = rule with { Remote = new RemoteDestination(server, mailbox) };
        }
        return new RuleSet(rules, local, remotes);
    }

    /// <summary>
    /// True when <paramref name="destination"/> is a remote destination: it contains a colon (as in the original, so a
    /// local mailbox name cannot contain one). Forms: <c>host:mailbox</c>, <c>host:port:mailbox</c>.
    /// </summary>
    public static bool IsRemote(string destination, out string host, out int? port, out string mailbox)
    {
        port = null;
        int colon = destination.IndexOf(':');
        if (colon < 0) { host = ""; mailbox = destination; return false; }
        host = destination[..colon];
        mailbox = destination[(colon + 1)..];
        int second = mailbox.IndexOf(':');
        if (second > 0 && int.TryParse(mailbox[..second], NumberStyles.None, CultureInfo.InvariantCulture, out int p))
        {
            port = p;
            mailbox = mailbox[(second + 1)..];
        }
        return true;
    }

    private static FilterRule ParseRule(string line, string fileName, int number, DateTimeOffset now)
    {
        string[] fields = line.Split('\t');
        if (fields.Length < 4 || fields[0].Length == 0 || fields[2].Length == 0 || fields[3].Length == 0)
            throw new ImapToolsException($"Line {number} in rules file {fileName} is not in tab-delimited format", ExitCodes.File);
        bool copy = fields.Length > 4 && fields[^1].Trim().Equals("copy", StringComparison.OrdinalIgnoreCase);
        string field = fields[0], matchText = fields[1], source = fields[2], destination = fields[3];
        if (matchText.Length == 0)
            throw Error(fileName, number, "the MATCH column is empty (two TABs in a row?)");
        var rule = new FilterRule
        {
            Field = field, Match = matchText, Source = source, Destination = destination, Copy = copy, LineNumber = number, Kind = RuleKind.Header,
        };
        if (field.Equals("ISEARCH", StringComparison.OrdinalIgnoreCase))
        {
            string expression = RuleDates.ResolveSearchDays(Unquote(matchText).Trim(), now);
            if (expression.Length == 0) throw Error(fileName, number, "the ISEARCH expression is empty");
            if (expression.Contains('\r') || expression.Contains('\n')) throw Error(fileName, number, "the ISEARCH expression contains a line break");
            return rule with { Kind = RuleKind.Search, SearchText = expression };
        }
        string match = Unquote(matchText);
        if (match.Length == 0) throw Error(fileName, number, "the MATCH column is empty");
        if (match == "-")
            throw Error(fileName, number, "MATCH '-' (move to a mailbox named after the field value) is not supported");
        if (field.Equals("Size", StringComparison.OrdinalIgnoreCase))
        {
            char op = match[0];
            if (op is not ('>' or '<' or '='))
                throw Error(fileName, number, $"Unrecognized operation {op}: a Size rule needs >N, <N or =N (bytes)");
            if (!long.TryParse(match[1..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long size))
                throw Error(fileName, number, $"'{match[1..].Trim()}' is not a number of bytes");
            return rule with { Kind = RuleKind.Size, Operator = op, SizeLimit = size };
        }
        if (field.Equals("Flags", StringComparison.OrdinalIgnoreCase))
        {
            string flag = match.Trim().TrimStart('\\', '$');
            if (flag.Length == 0 || flag.Any(c => c <= ' ' || c is '(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']'))
                throw Error(fileName, number, $"'{match}' is not a flag or keyword name");
            return rule with { Kind = RuleKind.Flags, FlagName = flag };
        }
        bool isDate = field.Equals("Date", StringComparison.OrdinalIgnoreCase);
        bool isInternal = field.Equals("InternalDate", StringComparison.OrdinalIgnoreCase);
        if ((isDate || isInternal) && match[0] is '>' or '<' or '=')
        {
            if (!RuleDates.TryParseRuleDate(match[1..], now, out var date, out bool relative))
                throw Error(fileName, number, $"'{match[1..].Trim()}' is not a date (use N days, or e.g. 20 Sep 2011 21:57:09 -0600)");
            return rule with
            {
                Kind = isDate ? RuleKind.DateCompare : RuleKind.InternalDateCompare, Operator = match[0], Date = date, RelativeDate = relative,
            };
        }
        if (!isInternal && !field.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            throw Error(fileName, number, $"'{field}' is not a header field name");
        string pattern = match[0] == '*' ? ".*" + match[1..] : match;
        Regex regex;
        try
        {
            regex = new Regex(PerlRegex.Translate(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw Error(fileName, number, $"Invalid regular expression '{match}': {e.Message}");
        }
        return rule with { Kind = isInternal ? RuleKind.InternalDateRegex : RuleKind.Header, Pattern = regex };
    }

    private static (string Host, int Port, string User, string Password) ServerLine(string value, string fileName, int number)
    {
        // host[:port]/user/password: the last two fields are user and password, everything before them is the host.
        string v = value.Trim();
        int last = v.LastIndexOf('/');
        int middle = last > 0 ? v.LastIndexOf('/', last - 1) : -1;
        if (middle <= 0) throw Error(fileName, number, "a server line needs host[:port]/user/password");
        string hostPort = v[..middle];
        int colon = hostPort.IndexOf(':');
        int port = ConnectionString.DefaultImapPort;
        if (colon >= 0 && (!int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            throw Error(fileName, number, $"invalid port in '{hostPort}'");
        string host = colon >= 0 ? hostPort[..colon] : hostPort;
        if (host.Length == 0) throw Error(fileName, number, "a server line needs host[:port]/user/password");
        return (host, port, v[(middle + 1)..last], v[(last + 1)..]);
    }

    private static string Unquote(string s)
    {
        if (s.StartsWith('"')) s = s[1..];
        if (s.EndsWith('"')) s = s[..^1];
        return s;
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static ImapToolsException Error(string fileName, int line, string problem) =>
        new($"Line {line} in rules file {fileName}: {problem}", ExitCodes.File);
}
