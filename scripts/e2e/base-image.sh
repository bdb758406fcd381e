#!/usr/bin/env bash
# Makes a base image from Debian's packages, without a registry: debootstrap (minbase) from the machine's own
# Debian mirror, the given packages installed in the chroot, apt's lists and caches dropped, the tree tarred
# and `podman import`ed. The tar is cached by a key of suite, mirror and packages; an image already imported
# from the same key is kept, so a second run takes a second.
#   usage: base-image.sh IMAGE_REF PACKAGE...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/e2e/podman-env.sh
source "$here/podman-env.sh"

ref="$1"; shift
packages=("$@")
suite="${HANDOFF_E2E_SUITE:-bookworm}"

# The mirror this machine's apt uses for the suite: deb822 (.sources) stanzas or one-line (.list) entries.
mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    case "$f" in
      *.sources) awk -v s="$suite" '
          /^[[:space:]]*$/ { if (ok && uri) { print uri; exit } ok = 0; uri = "" }
          /^URIs:/ { uri = $2 }
          /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
          END { if (ok && uri) print uri }' "$f" ;;
      *) awk -v s="$suite" '$1 == "deb" { sub(/\[[^]]*\] */, ""); if ($3 == s) { print $2; exit } }' "$f" ;;
    esac
  done | head -n1
}
url="$(mirror)"
[[ -n "$url" ]] || { echo "base-image: no Debian mirror for $suite in /etc/apt/sources.list*" >&2; exit 1; }

key="$(printf '%s\n' "$suite" "$url" "$(dpkg --print-architecture)" "${packages[@]}" | sha256sum | cut -c1-16)"
tar="$HANDOFF_E2E_CACHE/rootfs/${ref//[\/:]/_}-$key.tar"

if [[ "$(pm image inspect --format '{{index .Labels "dev.handoff.e2e.key"}}' "$ref" 2>/dev/null || true)" == "$key" ]]; then
  echo "base-image: $ref is up to date ($key)"; exit 0
fi

if [[ ! -s "$tar" ]]; then
  mkdir -p "$HANDOFF_E2E_CACHE/rootfs"
  root="$(mktemp -d "$HANDOFF_E2E_CACHE/rootfs/build.XXXXXX")"
  chmod 755 "$root"  # mktemp made it 0700: the image's / must be searchable by its non-root users
  # Whatever happens, nothing stays mounted and no half-built tree is left behind.
  trap 'umount -l "$root/proc" 2>/dev/null || true; rm -rf --one-file-system "$root"' EXIT
  echo "base-image: debootstrap $suite from $url (${packages[*]})"
  debootstrap --variant=minbase "$suite" "$root" "$url" > "$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # No service starts in a chroot (redis-server's postinst would try).
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod +x "$root/usr/sbin/policy-rc.d"
  # ca-certificates-java runs java in its postinst, and java wants /proc.
  mount -t proc proc "$root/proc"
  chroot "$root" apt-get -q update > "$root.log" 2>&1
  DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get -q install -y --no-install-recommends "${packages[@]}" \
    >> "$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
  chroot "$root" apt-get clean
  umount "$root/proc"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/log/* "$root"/tmp/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf" "$root.log"
  tar --numeric-owner -C "$root" -cf "$tar.tmp" .
  mv "$tar.tmp" "$tar"
fi

# PATH and LANG are what an image config normally carries; an imported tree has none.
pm import -q \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL dev.handoff.e2e.key=$key" \
  --change 'CMD ["/bin/sh"]' \
  "$tar" "$ref" > /dev/null
echo "base-image: imported $ref from $tar"
