#!/usr/bin/env bash
# Builds the images the end-to-end cluster runs, with podman from the project's own Dockerfiles on bases made
# from Debian's packages (no registry here), tags them as the chart and k8s/examples reference them, and
# writes each as a docker-archive for `ctr -n k8s.io images import`. Idempotent: bases are cached by their
# package list, builds by podman's layer cache, archives by image id. Prints the archives, one a line.
#   usage: scripts/e2e/images.sh        (cache: ${HANDOFF_E2E_CACHE:-/var/cache/handoff-e2e})
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=scripts/e2e/podman-env.sh
source "$here/podman-env.sh"
cache="$HANDOFF_E2E_CACHE"
mkdir -p "$cache/images" "$cache/pause"
# One run at a time per cache: two would race on the same tags and archives.
exec 9> "$cache/images.lock"
flock 9

jre_base=localhost/handoff-e2e/jre17-base:bookworm
redis_base=localhost/handoff-e2e/redis-base:bookworm

# A scalar from a block-style YAML mapping by its dotted path (enough for values.yaml and Chart.yaml).
yaml_get() {
  awk -v want="$2" '
    /^[[:space:]]*(#|$)/ { next }
    {
      match($0, /^ */); ind = RLENGTH; line = substr($0, ind + 1)
      if (line !~ /^[A-Za-z0-9_.-]+:/) next
      k = line; sub(/:.*/, "", k); v = line; sub(/^[^:]*:[[:space:]]*/, "", v)
      while (depth > 0 && ind <= indent[depth]) depth--
      indent[++depth] = ind; path[depth] = k
      p = path[1]; for (i = 2; i <= depth; i++) p = p "." path[i]
      if (p == want) { sub(/[[:space:]]+#.*$/, "", v); gsub(/^["\047]|["\047]$/, "", v); print v; exit }
    }' "$1"
}
# The name containerd's CRI looks an image up by: "redis:7" is docker.io/library/redis:7.
qualify() {
  local first="${1%%/*}"
  if [[ "$1" != */* ]]; then echo "docker.io/library/$1"
  elif [[ "$first" != *.* && "$first" != *:* && "$first" != localhost ]]; then echo "docker.io/$1"
  else echo "$1"; fi
}

values="$repo/helm/handoff/values.yaml"
app_version="$(yaml_get "$repo/helm/handoff/Chart.yaml" appVersion)"
operator_tag="$(yaml_get "$values" operator.image.tag)"
operator_ref="$(qualify "$(yaml_get "$values" operator.image.repository):${operator_tag:-$app_version}")"
sidecar_ref="$(qualify "$(yaml_get "$values" sidecar.image.repository):$(yaml_get "$values" sidecar.image.tag)")"
redis_ref="$(qualify "$(yaml_get "$values" redis.image.repository):$(yaml_get "$values" redis.image.tag)")"
demo_ref="$(qualify "$(awk '$1 == "image:" { print $2; exit }' "$repo/k8s/examples/demo-app.yaml")")"
pause_ref=registry.k8s.io/pause:3.10

# The jars, built once if any is missing.
jars=(sidecar/target/handoff-sidecar.jar operator/target/handoff-operator.jar examples/demo-app/target/handoff-demo-app.jar)
for jar in "${jars[@]}"; do
  if [[ ! -s "$repo/$jar" ]]; then
    echo "images: building the jars" >&2
    (cd "$repo" && ./mvnw -q -B -ntp -DskipTests package) >&2
    break
  fi
done

# Bases: what the Dockerfiles' RUN steps need besides the JRE (useradd is in passwd).
# Both at once: debootstrap mostly waits on the mirror and on dpkg, not on the CPU.
"$here/base-image.sh" "$jre_base" openjdk-17-jre-headless passwd >&2 & jre_pid=$!
"$here/base-image.sh" "$redis_base" redis-server redis-tools >&2 & redis_pid=$!
wait "$jre_pid"; wait "$redis_pid"

# No network while building: nothing in the Dockerfiles may fetch anything.
build() { # REF DOCKERFILE CONTEXT [BASE]
  local old new
  old="$(pm image inspect --format '{{.Id}}' "$1" 2>/dev/null || true)"
  echo "images: building $1" >&2
  pm build --network none -q -t "$1" -f "$2" ${4:+--build-arg "BASE_IMAGE=$4"} "$3" > /dev/null
  # The image this tag replaced (new jars) would otherwise pile up untagged, ~30-370 MB each.
  new="$(pm image inspect --format '{{.Id}}' "$1")"
  if [[ -n "$old" && "$old" != "$new" ]]; then pm rmi "$old" > /dev/null 2>&1 || true; fi
}
build "$sidecar_ref" "$repo/sidecar/Dockerfile" "$repo/sidecar" "$jre_base"
build "$operator_ref" "$repo/operator/Dockerfile" "$repo/operator" "$jre_base"
build "$demo_ref" "$repo/examples/demo-app/Dockerfile" "$repo/examples/demo-app" "$jre_base"
build "$redis_ref" "$repo/e2e/images/redis/Dockerfile" "$repo/e2e/images/redis" "$redis_base"

# The pause binary: static, so the FROM scratch image needs nothing else; rebuilt when its source changes.
src="$repo/e2e/images/pause/pause.c"
if ! cmp -s "$src" "$cache/pause/pause.c"; then
  gcc -static -Os -s -o "$cache/pause/pause" "$src"
  cp "$src" "$cache/pause/pause.c"
fi
build "$pause_ref" "$repo/e2e/images/pause/Dockerfile" "$cache/pause"

# Archives, rewritten only when the image changed.
save() { # NAME REF
  local tar="$cache/images/$1.tar" id
  id="$(pm image inspect --format '{{.Id}}' "$2")"
  if [[ ! -s "$tar" || "$(cat "$tar.id" 2>/dev/null)" != "$id" ]]; then
    rm -f "$tar" "$tar.id" "$tar.tmp"
    pm save -q --format docker-archive -o "$tar.tmp" "$2" > /dev/null
    mv "$tar.tmp" "$tar"
    echo "$id" > "$tar.id"
  fi
  echo "$tar"
  echo "$1 $2" >> "$cache/images/refs.tmp"
}
rm -f "$cache/images/refs.tmp"
save sidecar "$sidecar_ref"
save operator "$operator_ref"
save demo-app "$demo_ref"
save redis "$redis_ref"
save pause "$pause_ref"
# Which archive holds which reference, for the smoke test and the cluster script.
mv "$cache/images/refs.tmp" "$cache/images/refs"
