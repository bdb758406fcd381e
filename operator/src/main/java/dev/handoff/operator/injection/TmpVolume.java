package dev.handoff.operator.injection;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * The sidecar's only writable place: its root filesystem is read-only, and Vert.x keeps its file
 * cache under the temporary directory (the JVM writes no hsperfdata there: -XX:-UsePerfData).
 */
final class TmpVolume {

  static final String NAME = "handoff-tmp";
  static final String MOUNT_PATH = "/tmp";

  private TmpVolume() {}

  static Volume volume(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  static VolumeMount mount(String name) {
    return new VolumeMountBuilder().withName(name).withMountPath(MOUNT_PATH).build();
  }
}
