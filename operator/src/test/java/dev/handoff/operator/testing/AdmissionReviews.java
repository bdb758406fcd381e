package dev.handoff.operator.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * AdmissionReview requests as the API server writes them, and readers for the webhook's answers.
 */
public final class AdmissionReviews {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private AdmissionReviews() {}

  /**
   * A pod CREATE review in the shape of admission/create-pod.json, with the given pod as
   * request.object.
   */
  public static String create(String uid, String namespace, Pod pod) {
    return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
                  "uid":"%s",
                  "kind":{"group":"","version":"v1","kind":"Pod"},
                  "resource":{"group":"","version":"v1","resource":"pods"},
                  "requestKind":{"group":"","version":"v1","kind":"Pod"},
                  "requestResource":{"group":"","version":"v1","resource":"pods"},
                  "namespace":"%s","operation":"CREATE",
                  "userInfo":{"username":"system:serviceaccount:kube-system:replicaset-controller",
                              "groups":["system:serviceaccounts","system:authenticated"]},
                  "object":%s,"oldObject":null,"dryRun":false,
                  "options":{"kind":"CreateOptions","apiVersion":"meta.k8s.io/v1"}}}
                """
        .formatted(uid, namespace, SERIALIZATION.asJson(pod));
  }

  public static AdmissionResponse response(String body) {
    return SERIALIZATION.unmarshal(body, AdmissionReview.class).getResponse();
  }

  public static String patch(AdmissionResponse response) {
    return new String(Base64.getDecoder().decode(response.getPatch()), StandardCharsets.UTF_8);
  }

  public static Pod requestPod(String reviewJson) {
    AdmissionReview review = SERIALIZATION.unmarshal(reviewJson, AdmissionReview.class);
    return SERIALIZATION.convertValue(review.getRequest().getObject(), Pod.class);
  }
}
