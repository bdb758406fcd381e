package dev.handoff.loadtest.cluster;

import dev.handoff.sidecar.handoff.DrainReport;
import java.util.Optional;

/**
 * How a pod went away.
 *
 * @param drainMillis from the start of the drain (the drain call, or the SIGTERM) until the sidecar
 *     reported it finished, as the sidecar measured it; the wall time when it reported nothing
 * @param report the sidecar's own account of the drain, when it gave one
 */
public record PodStop(String pod, long version, long drainMillis, Optional<DrainReport> report) {}
