package dev.handoff.operator.injection;

import dev.handoff.operator.config.RedisCaSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;

/**
 * The volume that carries a private Redis CA into the sidecar, and the file HANDOFF_REDIS_CA_FILE
 * points at.
 */
final class RedisCaVolume {

  static final String NAME = "handoff-redis-ca";
  static final String MOUNT_PATH = "/etc/handoff/redis-ca";

  /**
   * The chosen key is projected to this one file, so the path never depends on how the key is
   * named.
   */
  static final String FILE_NAME = "ca.crt";

  static final String FILE = MOUNT_PATH + "/" + FILE_NAME;

  private RedisCaVolume() {}

  /**
   * Not optional: a missing CA would make every snapshot fail TLS; a pod stuck in ContainerCreating
   * says why.
   */
  static Volume volume(RedisCaSource source, String name) {
    List<KeyToPath> items =
        List.of(new KeyToPathBuilder().withKey(source.key()).withPath(FILE_NAME).build());
    VolumeBuilder builder = new VolumeBuilder().withName(name);
    return switch (source.kind()) {
      case SECRET ->
          builder
              .withNewSecret()
              .withSecretName(source.name())
              .withItems(items)
              .withOptional(false)
              .endSecret()
              .build();
      case CONFIG_MAP ->
          builder
              .withNewConfigMap()
              .withName(source.name())
              .withItems(items)
              .withOptional(false)
              .endConfigMap()
              .build();
    };
  }

  static VolumeMount mount(String name) {
    return new VolumeMountBuilder()
        .withName(name)
        .withMountPath(MOUNT_PATH)
        .withReadOnly(true)
        .build();
  }
}
