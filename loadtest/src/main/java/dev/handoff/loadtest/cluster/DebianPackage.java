package dev.handoff.loadtest.cluster;

/**
 * A binary from one of Debian's packages (haproxy, redis-server, wrk, nginx…) that a run starts;
 * {@link Tools} finds it, or installs the package when it is missing, so a fresh machine can run
 * the load test and every benchmark.
 */
public record DebianPackage(String pkg, String binary) {
  public static final DebianPackage HAPROXY = new DebianPackage("haproxy", "haproxy");
  public static final DebianPackage REDIS = new DebianPackage("redis-server", "redis-server");
  public static final DebianPackage REDIS_CLI = new DebianPackage("redis-tools", "redis-cli");
  public static final DebianPackage REDIS_BENCHMARK =
      new DebianPackage("redis-tools", "redis-benchmark");
  public static final DebianPackage WRK = new DebianPackage("wrk", "wrk");
  public static final DebianPackage NGINX = new DebianPackage("nginx", "nginx");
  public static final DebianPackage PODMAN = new DebianPackage("podman", "podman");

  /** podman's OCI runtime here: crun fails on this machine's hybrid cgroup v1 layout. */
  public static final DebianPackage RUNC = new DebianPackage("runc", "runc");

  /** The binary's path on this machine, installing the package first when it is missing. */
  String ensure() {
    return Tools.onThisMachine().ensure(this);
  }
}
