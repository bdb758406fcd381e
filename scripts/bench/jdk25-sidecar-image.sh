#!/usr/bin/env bash
# Builds the sidecar image on a JDK 25 base, to measure it with
#   bench footprint --container localhost/handoff-bench/handoff-sidecar-jdk25:0.1.0
# Debian bookworm has no JDK 25 and this machine reaches no image registry, so the base is the cluster tier's
# Debian base (localhost/handoff-e2e/jre17-base, made by scripts/e2e/images.sh) with a local JDK 25 copied in
# and first on the PATH (default: Temurin 25 under /usr/lib/jvm). sidecar/Dockerfile then builds an AOT cache
# where JDK 17 builds its class-data archive.
#   bash scripts/bench/jdk25-sidecar-image.sh [JDK_DIR]      (after ./mvnw -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/../.."
jdk="${1:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$jdk/bin/java" ] || { echo "jdk25-sidecar-image: no JDK at $jdk (give its directory)" >&2; exit 3; }
[ -s sidecar/target/handoff-sidecar.jar ] || { echo "jdk25-sidecar-image: build first: ./mvnw -q -DskipTests package" >&2; exit 3; }
# shellcheck source=scripts/e2e/podman-env.sh
source scripts/e2e/podman-env.sh
base=localhost/handoff-e2e/jre17-base:bookworm
pm image exists "$base" || { echo "jdk25-sidecar-image: no $base: run bash scripts/e2e/images.sh (or the cluster tier) first" >&2; exit 3; }
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp -a "$jdk" "$context/jdk"
cat > "$context/Containerfile" <<CONTAINERFILE
FROM $base
COPY jdk /opt/jdk
ENV PATH=/opt/jdk/bin:\$PATH
CONTAINERFILE
pm build --network none -q -t localhost/handoff-bench/jre25-base:latest "$context" > /dev/null
pm build --network none -q -t localhost/handoff-bench/handoff-sidecar-jdk25:0.1.0 \
  --build-arg BASE_IMAGE=localhost/handoff-bench/jre25-base:latest -f sidecar/Dockerfile sidecar > /dev/null
echo localhost/handoff-bench/handoff-sidecar-jdk25:0.1.0
