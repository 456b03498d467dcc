#!/usr/bin/env bash
# ImapTools build script. Targets: deps | build | test | demo | bench | package  (default: build)
# package [--tools a,b] [--rids linux-x64,win-x64,osx-arm64] [--out dist]: one archive per tool and platform under dist/
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"
CONFIG="${CONFIG:-Release}"
SLN="ImapTools.sln"
TESTBED_DLL="tests/ImapTools.TestBed/bin/$CONFIG/net10.0/ImapTools.TestBed.dll"
IMAPCOPY="tools/imapcopy/bin/$CONFIG/net10.0/imapcopy"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

have_dovecot() { command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; }

need_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET SDK (dotnet, net10.0) is not installed or not on PATH." >&2
    echo "       Install the .NET 10 SDK (https://dot.net) and re-run." >&2
    exit 1
  fi
}

deps() {
  need_dotnet
  if have_dovecot && command -v openssl >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1 \
     && command -v chromedriver >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1 && command -v frm >/dev/null 2>&1; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing Dovecot (dovecot-imapd dovecot-pop3d), openssl, python3 (its smtpd receives test mail) and"
  echo "Chromium with chromedriver (browser tests of the web front end)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dovecot-imapd dovecot-pop3d openssl python3 mailutils chromium chromium-driver >/dev/null
  # The test bed runs private instances only; the system service is not needed.
  if command -v service >/dev/null 2>&1; then $sudo service dovecot stop >/dev/null 2>&1 || true; fi
}

build() {
  need_dotnet
  dotnet build -c "$CONFIG" "$SLN" -nologo -v q
}

test_() {
  deps
  build
  # The packaging test (tests/ImapTools.Packaging.Tests) installs imapcopy from its linux-x64 archive: make it here,
  # before the tests run, so the NativeAOT compile does not compete with them (the test packages it itself when run alone).
  package --tools imapcopy --rids linux-x64
  local results="$ROOT/artifacts/test-results"
  rm -rf "$results"
  mkdir -p "$results"
  local rc=0
  dotnet test "$SLN" -c "$CONFIG" --no-build --logger "trx" --results-directory "$results" || rc=$?
  local passed=0 failed=0 skipped=0 p f s trx
  shopt -s nullglob
  for trx in "$results"/*.trx; do
    # <Counters total=".." executed=".." passed=".." failed=".." ... notExecuted=".." .../>
    p=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]\+' || echo 0)
    f=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]\+' || echo 0)
    s=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' notExecuted="[0-9]*"' | grep -o '[0-9]\+' || echo 0)
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  done
  shopt -u nullglob
  local summary="$passed passed, $failed failed"
  if [ "$skipped" -gt 0 ]; then summary="$summary, $skipped skipped"; fi
  echo "$summary"
  if [ "$failed" -gt 0 ] || [ $((passed + failed)) -eq 0 ] || [ "$rc" -ne 0 ]; then
    exit 1
  fi
}

demo() {
  deps
  build
  DEMO_DIR="$ROOT/.demo"
  local demo_dir="$DEMO_DIR"
  local tb=(dotnet "$TESTBED_DLL")
  "${tb[@]}" stop "$demo_dir/server1" >/dev/null 2>&1 || true
  "${tb[@]}" stop "$demo_dir/server2" >/dev/null 2>&1 || true
  rm -rf "$demo_dir"
  mkdir -p "$demo_dir"
  trap demo_stop EXIT

  local ports1 ports2 p1 p2
  ports1=$("${tb[@]}" start "$demo_dir/server1")
  ports2=$("${tb[@]}" start "$demo_dir/server2")
  echo "server 1: $ports1"
  echo "server 2: $ports2"
  p1=$(sed -n 's/^imap=\([0-9]*\).*/\1/p' <<<"$ports1")
  p2=$(sed -n 's/^imap=\([0-9]*\).*/\1/p' <<<"$ports2")

  "${tb[@]}" load "127.0.0.1:$p1" alice secret samples/mail
  echo "--- source folders (alice@server1)"
  "${tb[@]}" list "127.0.0.1:$p1" alice secret

  echo "--- imapcopy -S 127.0.0.1:$p1/alice/secret -D 127.0.0.1:$p2/bob/secret"
  local copy_rc=0
  # The demo servers offer STARTTLS with a self-signed certificate: accept it for this local demo only.
  IMAPTOOLS_INSECURE=1 "$IMAPCOPY" -S "127.0.0.1:$p1/alice/secret" -D "127.0.0.1:$p2/bob/secret" || copy_rc=$?
  echo "--- imapcopy exit status: $copy_rc"

  echo "--- destination folders (bob@server2)"
  "${tb[@]}" list "127.0.0.1:$p2" bob secret
  demo_stop
  trap - EXIT
}

demo_stop() {
  dotnet "$TESTBED_DLL" stop "$DEMO_DIR/server1" || true
  dotnet "$TESTBED_DLL" stop "$DEMO_DIR/server2" || true
  echo "--- demo servers stopped (files kept in $DEMO_DIR)"
}

bench() {
  # Side-by-side throughput (issue 8): our imapcopy (serial and -Y 4), mbsync and doveadm backup via imapc, 3 runs
  # each, directly and through a 20 ms-each-way delay proxy, on a deterministic ~3,000-message / ~500 MB account.
  # BENCH_MESSAGES, BENCH_MB and BENCH_RUNS scale it down for a quick look. BENCH_MODE=memory (peak RSS copying
  # 60 x 5 MB messages) or BENCH_MODE=update (a no-change -U re-run over 10,000 messages) measure one target each.
  deps
  if ! command -v mbsync >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
    local sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq isync time >/dev/null
  fi
  build
  # The bench measures what users install on Linux: imapcopy published with NativeAOT, as ./build.sh package ships
  # it (no JIT at start-up: about 2 CPU seconds less per 3,000-message copy here). BENCH_IMAPCOPY=jit measures the
  # framework-dependent build instead; a failed AOT publish falls back to it.
  local imapcopy="$ROOT/$IMAPCOPY"
  if [ "${BENCH_IMAPCOPY:-aot}" = "aot" ]; then
    if dotnet publish tools/imapcopy/imapcopy.csproj -c Release -r linux-x64 --self-contained true -nologo -v quiet \
         -p:PublishAot=true -p:StripSymbols=true -o "$ROOT/.bench/imapcopy-aot" >/dev/null 2>&1; then
      imapcopy="$ROOT/.bench/imapcopy-aot/imapcopy"
    else
      echo "bench: the NativeAOT publish of imapcopy failed; measuring the framework-dependent build" >&2
    fi
  fi
  echo "bench: imapcopy = $imapcopy"
  local sizes=()
  if [ -n "${BENCH_MESSAGES:-}" ]; then sizes+=(--messages "$BENCH_MESSAGES"); fi
  if [ -n "${BENCH_MB:-}" ]; then sizes+=(--megabytes "$BENCH_MB"); fi
  dotnet "tests/bench/bin/$CONFIG/net10.0/ImapTools.Bench.dll" "${sizes[@]}" --runs "${BENCH_RUNS:-3}" \
    --out "$ROOT/.bench/bench-table.md" --imapcopy "$imapcopy" --mode "${BENCH_MODE:-table}"
}

package() {
  # Every tools/*/ project x linux-x64 (NativeAOT), win-x64 and osx-arm64 (self-contained single files), with
  # SHA-256 checksums; see packaging/Package.cs. A platform whose runtime packs cannot be restored is reported and skipped.
  need_dotnet
  dotnet run --file packaging/Package.cs -- "$@"
}

usage() {
  echo "usage: ./build.sh [deps|build|test|demo|bench|package [--tools a,b] [--rids r1,r2] [--out dir]]" >&2
  exit 2
}

target="${1:-build}"
case "$target" in
  deps) deps ;;
  build) build ;;
  test) test_ ;;
  demo) demo ;;
  bench) bench ;;
  package) shift; package "$@" ;;
  -h|--help|help) usage ;;
  *) echo "unknown target: $target" >&2; usage ;;
esac
