# shellcheck shell=bash
# Sourced by the e2e image scripts: podman as it works on these machines, configured from a file under the
# cache dir so the machine's own /etc/containers stays untouched.
#   crun fails on this hybrid cgroup v1 layout ("cgroups in hybrid mode not supported"): runc.
#   systemd does not manage the containers' cgroups here: cgroupfs.
#   No process may raise an rlimit: podman's default ulimits (nofile, nproc) would fail every container
#   ("setrlimit: Operation not permitted"), so the list is emptied.
#   The journal may not be there: events go to a file.
HANDOFF_E2E_CACHE="${HANDOFF_E2E_CACHE:-/var/cache/handoff-e2e}"
mkdir -p "$HANDOFF_E2E_CACHE"
export CONTAINERS_CONF="$HANDOFF_E2E_CACHE/containers.conf"
cat > "$CONTAINERS_CONF.$$" <<CONF
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
mv "$CONTAINERS_CONF.$$" "$CONTAINERS_CONF"  # one rename: concurrent runs never see half a file

# The flags too, so a podman that ignores CONTAINERS_CONF still runs the same way.
pm() { podman --runtime runc --cgroup-manager cgroupfs "$@"; }
