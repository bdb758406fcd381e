package dev.handoff.operator.testing;

import dev.handoff.operator.injection.PatchOperation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies a webhook's RFC 6902 patch to a pod the way the API server would, with Fabric8's
 * zjsonpatch.
 */
public final class PatchApplier {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private PatchApplier() {}

  public static Pod apply(Pod pod, String patchJson) {
    JsonNode document = MAPPER.readTree(SERIALIZATION.asJson(pod));
    JsonNode patched = JsonPatch.apply(MAPPER.readTree(patchJson), document);
    return SERIALIZATION.unmarshal(patched.toString(), Pod.class);
  }

  public static Pod apply(Pod pod, List<PatchOperation> patch) {
    return apply(pod, json(patch));
  }

  public static String json(List<PatchOperation> patch) {
    return SERIALIZATION.asJson(patch.stream().map(PatchOperation::asJsonObject).toList());
  }
}
