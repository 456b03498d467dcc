namespace ImapTools.Tools.ImapCopy;

/// <summary>The text printed by -h.</summary>
internal static class Usage
{
    public const string Text = """
usage: imapcopy -S sourceHost/sourceUser/sourcePassword [/CRAM-MD5]
                -D destHost/destUser/destPassword [/CRAM-MD5]
       -d debug
       -I log IMAP protocol exchanges (passwords are masked)
       -L logfile
       -q quiet mode: nothing on the console (the log file still gets everything)
       -m mailbox list (copies only the specified mailboxes, e.g. "Inbox,Drafts,Notes" or "A|B")
       -R include submailboxes of the -m and -e mailboxes
       -e exclude mailbox list
       -g exclude mailboxes matching these regular expressions (comma-separated)
       -C remove messages from the source once the destination has them
       -r do not copy the \Deleted flag (implies -C)
       -p <root mailbox> put the copied mailboxes under this mailbox on the destination
       -A <mailbox> also copy each message into this archive mailbox on the source
       -o <mailbox> copy every message into this one mailbox on the destination
       -x <delimiter [prefix]> source mailbox hierarchy delimiter and prefix, e.g. -x '. INBOX.'
       -y <delimiter [prefix]> destination mailbox hierarchy delimiter and prefix
       -i initialize (empty) each destination mailbox before copying
       -M <file> mailbox map file (source: destination per line)
       -t <seconds> timeout (default 300)
       -T copy keywords (all keywords the destination can store are always copied)
       -a <DD-MMM-YYYY> copy only messages on or after this date
       -b <DD-MMM-YYYY> copy only messages before this date
       -X <MB> skip messages larger than this many megabytes
       -U update mode: don't copy messages the destination already has
       -s with -U, remove messages from the destination that the source does not have
       -B <n> first message number, -E <n> last message number
       -u copy only messages that have been read (Seen)
       -H copy only the message headers
       -z ["SEARCH expression"] copy only messages matching the IMAP SEARCH expression
       -Z <directory> record the keys of copied messages here and never copy them again
       -j <n> show a progress line every n messages
       -G the source is Gmail ([Gmail] becomes Gmail)
       -c the destination is Cyrus: make every line end with CRLF
       -Y <n> parallel mode: copy n-1 mailboxes at a time
       -f with -U, remove source messages that already exist on the destination
       -l don't copy a second message with the same Message-ID from a mailbox
       -N copy the Gmail [Gmail]/All Mail mailbox (normally skipped)
       -v mark copied messages as Seen on the destination
       -P don't copy messages flagged \Deleted
       -W wrap lines of 1000 characters or more (Office365)
       -F <n> copy at most n messages per mailbox
       -J SINCE=DD-MMM-YYYY|BEFORE=DD-MMM-YYYY client-side date filter
       -O create all mailboxes first, longest name first (Dovecot mbox)
       -h print this help
       --insecure   accept any server certificate (or set IMAPTOOLS_INSECURE=1)
       --retries N  reconnect and resume up to N times after a lost connection or throttling (default 5)
       --retry-wait SECONDS  wait before the first reconnect, doubling up to 60 (default 1)
       --json FILE  write the run summary as JSON
       --search EXPR copy only messages matching this IMAP SEARCH expression
       --progress   show a live progress bar on the terminal

 Example: imapcopy -S host1/user1/password1 -D host2/user2/password2 -m "Inbox,Drafts,Notes" -U
""";
}
