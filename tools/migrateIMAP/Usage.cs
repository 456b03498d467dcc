namespace ImapTools.Tools.MigrateImap;

/// <summary>The text printed by -h.</summary>
internal static class Usage
{
    public const string Text = """
Usage:  migrateIMAP -S sourceHost -D destinationHost
   -S <source host[:port][/CRAM-MD5]>
   -D <destination host[:port][/CRAM-MD5]>
   -i <users file>  lines of sourceUser:sourcePassword:destinationUser:destinationPassword
                    (a colon inside a name or password is written \:; an empty password uses -e/-f)
   -n <number of users migrated at once, default 2>
   -L <logfile, default migrateIMAP.log (an existing one is renamed first)>
   -t <timeout in seconds, default 300>
   -e <source admin:password>  AUTHENTICATE PLAIN for users whose source password is empty
   -f <destination admin:password>  same for the destination
   -P  AUTHENTICATE PLAIN on the source with the user's own credentials  (-Q: on the destination)
   -G  the source passwords are XOAUTH2 tokens  (-J: the destination passwords)
   -m <mailbox list>  migrate only these source mailboxes (comma-separated)
   -E <exclude list>  leave out these source mailboxes (comma-separated)
   -R <regex list>  leave out source mailboxes matching these regular expressions
   -M <mailbox map file>  lines of sourceMailbox:destinationMailbox
   -p <root mailbox>  put all mailboxes under this destination mailbox (INBOX becomes the root itself)
   -x <"delimiter [prefix]"> of the source  (-y: of the destination)
   -a <DD-MMM-YYYY>  only messages on or after this date  (-b: before this date)
   -u  only unseen messages   -o  only seen messages
   -U  update mode: skip messages already on the destination
   -H  with -U: compare messages by an MD5 hash of their content instead of the Message-ID
   -X  with -U: delete destination messages that are not in the source mailbox
   -Y  delete messages from the source once the destination has them
   -s <MB>  do not copy messages larger than this
   -r <range>  only these source message numbers, e.g. 1:1000
   -F <n>  at most n messages per mailbox
   -Z <bytes>  diagnostic: copy only messages of exactly this size
   -W  wrap lines of 1000 or more characters
   -T  accepted: keywords are always copied
   -w  accepted, no effect
   -A, -C  Kerio master password / -j, -g  GroupWise trusted application key: not supported
   -d  debug   -I  log the IMAP protocol (passwords masked)
   -h  this help
""";
}
