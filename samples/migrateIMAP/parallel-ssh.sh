#!/bin/sh
# One migration, N machines, with GNU parallel over ssh: host k (1-based) runs shard k/N of the same users file.
# No coordinator: the shard of a user is a fixed hash of its source name, so the hosts never overlap and together
# cover every line. Re-running this script resumes: --state skips the users that are done and retries the
# failed or interrupted ones in update mode.
#
# Usage: ./parallel-ssh.sh users.txt host1 host2 host3 ...
# Needs: GNU parallel here; migrateIMAP installed on every host (MIGRATE below); ssh keys for the hosts.
set -eu

USERS=${1:?usage: $0 users.txt host1 [host2 ...]}
shift
[ "$#" -ge 1 ] || { echo "usage: $0 users.txt host1 [host2 ...]" >&2; exit 2; }
MIGRATE=${MIGRATE:-/opt/imaptools/migrateIMAP}
WORK=${WORK:-/var/lib/migrate-imap}          # on each host: users file, state directory, log
SOURCE=${SOURCE:-imap.old.example.org:993}
DEST=${DEST:-imap.new.example.org:993}
N=$#

# 1. Copy the users file (it holds passwords: owner-only) to every host.
parallel --jobs 0 --tag \
  "ssh {} 'umask 077 && mkdir -p $WORK' && scp -q '$USERS' {}:$WORK/users.txt" ::: "$@"

# 2. Host number k (1-based, in the order given) migrates shard k/N. --link pairs each host with its index.
#    The exit status is the number of hosts whose run did not end with 0 (6 = some users failed; see their logs).
parallel --jobs 0 --line-buffer --tag --link \
  "ssh {1} '$MIGRATE -S $SOURCE -D $DEST -i $WORK/users.txt -n 8 -U --shard {2}/$N --state $WORK/state -L $WORK/migrate.log'" \
  ::: "$@" ::: $(seq 1 "$N")
