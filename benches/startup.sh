#!/usr/bin/env bash
# Start-up and memory of the console on the embedded demo, measured in tmux with the release
# binary: time to the first frame, time to the users shown, and resident memory with every user
# and (after :objects) every object loaded. `bash benches/startup.sh [demo|full]`.
set -euo pipefail
size="${1:-full}"
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/lsc"
home="$(mktemp -d)"
sock="lsc-startup-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$home"' EXIT
now_ms() { date +%s%3N; }
wait_for() { # text, timeout s
  local end=$(( $(now_ms) + $2 * 1000 ))
  until tmux -L "$sock" capture-pane -p -t lsc | grep -q -- "$1"; do
    [ "$(now_ms)" -lt "$end" ] || { echo "timed out waiting for $1" >&2; tmux -L "$sock" capture-pane -p -t lsc >&2; exit 1; }
    sleep 0.005
  done
}
run() { # label
  local t0 t1 t2 pid rss
  t0=$(now_ms)
  tmux -L "$sock" new-session -d -s lsc -x 200 -y 50 \
    "env XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config HOME=$home LSC_DEMO_SIZE=$size ${LSC_ENV:-} $bin; sleep 30"
  wait_for "References" 120; t1=$(now_ms)
  wait_for " users ┘" 120; t2=$(now_ms)
  pid=$(pgrep -P "$(tmux -L "$sock" display-message -p -t lsc '#{pane_pid}')" | head -1)
  rss=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status)
  echo "$1: first frame $((t1 - t0)) ms, users shown $((t2 - t0)) ms, RSS with users $((rss / 1024)) MB"
  tmux -L "$sock" send-keys -t lsc ':' 'objects' Enter
  wait_for "objects (" 120
  rss=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status)
  echo "$1: RSS with users and all objects loaded $((rss / 1024)) MB"
  tmux -L "$sock" kill-server
}
run "first start ($size demo, database created)"
run "second start ($size demo, database reused)"
