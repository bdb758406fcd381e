#!/usr/bin/env bash
# Installs from Debian's packages whatever of the given commands is missing, one BIN:PACKAGE pair each (BIN a
# command name or an absolute path). One line and exit 3 when something is missing and cannot be installed.
#   install-missing.sh WHO BIN:PACKAGE...      (WHO names the caller in the lines it prints)
set -euo pipefail
who=$1; shift
need=()
for pair in "$@"; do
  bin=${pair%%:*}; pkg=${pair##*:}
  { [ -x "$bin" ] || command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ]; } || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
command -v apt-get >/dev/null 2>&1 || {
  echo "$who: missing ${need[*]} and no apt-get to install them; install them and run again" >&2; exit 3; }
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "$who: installing ${need[*]} from Debian's packages" >&2
{ $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${need[@]}" >/dev/null; } || { echo "$who: could not install ${need[*]} with apt-get" >&2; exit 3; }
