namespace ImapTools.Tools.ImapFilter;

/// <summary>The legacy usage text (spec imapfilter §1; the unbalanced parenthesis is the original's).</summary>
internal static class Usage
{
    public const string Text = """
usage:
 imapfilter -S host/sourceUser/sourcePassword -r <rules file>
 Optional arguments:
    -L logfile
    -d debug
    -E <admin_user:admin_pwd>
    -I show IMAP protocol exchanges
    -c <number> the number of messages processed at a time (default 500)
    -t test mode (don't actually move the messages
    -X <trash_mbx> expunge the Trash mbx, eg -X Trash
    -f the first matching rule acts on a message (default: the last matching rule)
    -u <users file> user:password per line (user alone with -E)
    -T <regex> apply * rules only to mailboxes whose name matches ^regex

    To use CRAM-MD5 for logins add /CRAM-MD5 like this  -S host/user/pwd/CRAM-MD5


""";
}
