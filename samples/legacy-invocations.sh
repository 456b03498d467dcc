#!/bin/sh
# Legacy IMAP Tools command lines, unchanged: each runs the rebuilt tool through its <tool>.pl shim, with the
# same flags and the samples in this directory. Run it from the directory that holds the executables and shims
# (the unpacked archive). By default it only prints the commands; RUN=1 runs those whose shim is present.
#   SRC=imap1.example.com DST=imap2.example.com POP=pop.example.com RUN=1 samples/legacy-invocations.sh
# Add IMAPTOOLS_INSECURE=1 for servers with self-signed certificates (test beds only).
SRC="${SRC:-imap1.example.com}"
DST="${DST:-imap2.example.com}"
POP="${POP:-pop.example.com}"
S=samples

run() {
  echo "+ $*"
  if [ "${RUN:-0}" = 1 ]; then
    shim="$1"; [ "$shim" = perl ] && shim="$2"
    if [ -e "$shim" ]; then "$@"; echo "  exit status $?"; else echo "  (skipped: $shim is not in this directory)"; fi
  fi
}

# imapcopy: one account, with a mailbox map; the same through perl
run ./imapcopy.pl -S "$SRC/alice/secret" -D "$DST/alice/secret" -M $S/mailbox-map.txt
run perl imapcopy.pl -S "$SRC/alice/secret" -D "$DST/alice/secret" -m "INBOX,Sent" -U
# imapsync / migrateIMAP / imap_audit: users files and map files
run ./imapsync.pl -S "$SRC" -D "$DST" -u $S/users/imapsync.users -M $S/mailbox-map.txt -i $S/imapsync.ignore
run ./migrateIMAP.pl -S "$SRC" -D "$DST" -i $S/users/migrateIMAP.users -M $S/mailbox-map.txt
run ./imap_audit.pl -S "$SRC" -D "$DST" -u $S/users/imap_audit.users -M $S/mailbox-map.txt
# POP3 to IMAP
run ./pop3toimap.pl -p "$POP" -i "$DST" -u $S/users/pop3toimap.users
# filtering, searching, cleaning
run ./imapfilter.pl -S "$SRC/alice/secret" -r $S/imapfilter.rules -t
run ./imapfilter.pl -S "$SRC" -u $S/users/imapfilter.users -r $S/imapfilter.rules
run ./imap_search.pl "$SRC:143/alice/secret" "from=boss@example.com" "subject=report"
run ./delIMAPdups.pl -S "$SRC" -i $S/users/delIMAPdups.users -m INBOX
run ./trash.pl -S "$SRC" -i $S/users/trash.users -t Trash
run ./purgeMbx.pl -s "$SRC/alice/secret" -m Junk
run ./delete_imap_mailboxes.pl -S "$SRC/alice/secret" -m "^Old" -t
# reports
run ./list_imap_folders.pl -S "$SRC" -l $S/users/list_imap_folders.users
run ./list_account_sizes.pl -S "$SRC" -u $S/users/list_account_sizes.users
run ./imapCapability.pl -h "$SRC" -u alice -p secret -m
run ./imapPing.pl -h "$SRC" -u alice -p secret
# IMAP <-> local files
run ./imapdump.pl -S "$SRC" -l $S/users/imapdump.users -f /tmp/imapdump
run ./dumptoIMAP.pl -D $S/dump/alice -i "$DST/alice/secret"
run ./IMAPtoMbox.pl -i "$SRC/alice/secret" -m /tmp/mbox-alice
run ./MboxtoIMAP.pl -m $S/mbox/alice -i "$DST/alice/secret"
run ./mbxIMAPsync.pl -f $S/mbox/Archive-2015 -i "$DST/alice/secret" -m Archive
run ./imap_to_maildir.pl -S "$SRC/alice/secret" -u "$(id -un)" -M /tmp/maildir-alice
run ./maildir_to_imap.pl -i $S/users/maildir_to_imap.users -D "$DST"
run ./thunderbird_to_imap.pl -m "$S/thunderbird/Mail/Local Folders" -i "$DST/alice/secret"
