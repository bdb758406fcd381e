package dev.handoff.operator.webhook;

import dev.handoff.operator.injection.HandoffAnnotations;
import dev.handoff.operator.injection.InjectionOutcome;
import dev.handoff.operator.injection.PatchOperation;
import dev.handoff.operator.injection.PodOwner;
import dev.handoff.operator.injection.SidecarInjection;
import dev.handoff.operator.log.EventLines;
import dev.handoff.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns one AdmissionReview request into its answer; never throws, whatever arrives. */
public final class AdmissionReviewHandler {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionReviewHandler.class);
  private static final String API_VERSION = "admission.k8s.io/v1";

  private final SidecarInjection injection;
  private final OwnerLookup owners;
  private final Set<String> excludedNamespaces;
  private final KubernetesSerialization json;
  private final OperatorMetrics metrics;

  public AdmissionReviewHandler(
      SidecarInjection injection,
      OwnerLookup owners,
      Set<String> excludedNamespaces,
      KubernetesSerialization json,
      OperatorMetrics metrics) {
    this.injection = injection;
    this.owners = owners;
    this.excludedNamespaces = Set.copyOf(excludedNamespaces);
    this.json = json;
    this.metrics = metrics;
  }

  public AdmissionReply handle(String body) {
    AdmissionReview review;
    try {
      review = json.unmarshal(body, AdmissionReview.class);
    } catch (RuntimeException e) {
      return malformed("the body is not an AdmissionReview JSON document (" + firstLine(e) + ")");
    }
    if (review == null) {
      return malformed("the body is empty; expected an AdmissionReview");
    }
    if (!API_VERSION.equals(review.getApiVersion())
        || !"AdmissionReview".equals(review.getKind())) {
      return malformed(
          "expected apiVersion "
              + API_VERSION
              + " and kind AdmissionReview, got "
              + review.getApiVersion()
              + " "
              + review.getKind());
    }
    AdmissionRequest request = review.getRequest();
    if (request == null || request.getUid() == null || request.getUid().isBlank()) {
      return malformed("the AdmissionReview has no request.uid");
    }
    Verdict verdict;
    try {
      verdict = decide(request);
    } catch (RuntimeException e) {
      // A bug of ours must not stop the user's pod (a denial does, even under failurePolicy:
      // Ignore): the pod
      // runs without the sidecar, the warning says why, and the rollout controller reports it as
      // such.
      LOG.error("admission of {} failed; admitted without the sidecar", describe(request), e);
      metrics.injectionSkipped("webhook_error");
      verdict =
          Verdict.failed(
              "handoff: the pod was admitted without the Handoff sidecar because the webhook"
                  + " failed ("
                  + firstLine(e)
                  + "); see the operator's log");
    }
    metrics.admission(verdict.result());
    return new AdmissionReply(200, json.asJson(respond(request.getUid(), verdict)));
  }

  private Verdict decide(AdmissionRequest request) {
    boolean isPod =
        request.getKind() != null
            && "Pod".equals(request.getKind().getKind())
            && (request.getKind().getGroup() == null || request.getKind().getGroup().isEmpty());
    if (!isPod || (request.getSubResource() != null && !request.getSubResource().isEmpty())) {
      return Verdict.skipped();
    }
    if (!"CREATE".equals(request.getOperation())) {
      return Verdict.skipped();
    }
    String namespace = request.getNamespace();
    if (namespace != null && excludedNamespaces.contains(namespace)) {
      return Verdict.skipped();
    }
    if (request.getObject() == null) {
      return Verdict.denied(400, "request.object is missing: expected the Pod being created");
    }
    Pod pod;
    try {
      pod = json.convertValue(request.getObject(), Pod.class);
    } catch (RuntimeException e) {
      return Verdict.denied(400, "request.object is not a Pod (" + firstLine(e) + ")");
    }
    if (pod.getMetadata() == null) {
      pod.setMetadata(new ObjectMeta());
    }
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(HandoffAnnotations.INJECT)) {
      return Verdict.skipped();
    }
    // The owner only supplies the version (and a fallback app name): skip the API call when the pod
    // names it.
    PodOwner owner = PodOwner.NONE;
    if (!annotations.containsKey(HandoffAnnotations.VERSION)) {
      try {
        owner = ownerWithOneRetry(namespace, pod);
      } catch (OwnerLookupException e) {
        // Not the user's mistake, so no denial (that would stop the pod even under failurePolicy:
        // Ignore):
        // the pod runs without the sidecar, and the rollout controller reports it as such.
        EventLines.warn(
            LOG,
            "admitted_without_sidecar",
            "namespace",
            request.getNamespace(),
            "pod",
            podName(request),
            "reason",
            e.getMessage());
        metrics.injectionSkipped("owner_lookup_failed");
        return Verdict.uninjected(
            "handoff: the pod was admitted without the Handoff sidecar because its"
                + " Deployment revision could not be read ("
                + e.getMessage()
                + "); recreate the pod to"
                + " retry, or set the annotation "
                + HandoffAnnotations.VERSION
                + " to skip the lookup");
      }
    }
    InjectionOutcome outcome = injection.inject(pod, owner);
    if (outcome instanceof InjectionOutcome.Patched patched) {
      EventLines.info(
          LOG, "sidecar_injected", "namespace", request.getNamespace(), "pod", podName(request));
      return Verdict.patched(patchJson(patched.patch()), patched.warnings());
    }
    if (outcome instanceof InjectionOutcome.Denied denied) {
      EventLines.info(
          LOG,
          "admission_denied",
          "namespace",
          request.getNamespace(),
          "pod",
          podName(request),
          "reason",
          denied.message());
      return Verdict.denied(400, denied.message());
    }
    return Verdict.skipped();
  }

  /**
   * One retry rides out a blip (a restarting API server, a dropped connection) within the webhook's
   * timeout.
   */
  private PodOwner ownerWithOneRetry(String namespace, Pod pod) {
    try {
      return owners.ownerOf(namespace, pod);
    } catch (OwnerLookupException first) {
      LOG.info("retrying the owner lookup of a pod in {}: {}", namespace, first.getMessage());
      return owners.ownerOf(namespace, pod);
    }
  }

  private String patchJson(List<PatchOperation> patch) {
    return json.asJson(patch.stream().map(PatchOperation::asJsonObject).toList());
  }

  private static AdmissionReview respond(String uid, Verdict verdict) {
    AdmissionResponseBuilder response =
        new AdmissionResponseBuilder().withUid(uid).withAllowed(verdict.allowed());
    if (!verdict.allowed()) {
      response.withStatus(
          new StatusBuilder().withCode(verdict.code()).withMessage(verdict.message()).build());
    }
    if (verdict.patch() != null) {
      response
          .withPatchType("JSONPatch")
          .withPatch(
              Base64.getEncoder().encodeToString(verdict.patch().getBytes(StandardCharsets.UTF_8)));
    }
    if (!verdict.warnings().isEmpty()) {
      response.withWarnings(verdict.warnings());
    }
    AdmissionResponse built = response.build();
    return new AdmissionReviewBuilder()
        .withApiVersion(API_VERSION)
        .withKind("AdmissionReview")
        .withResponse(built)
        .build();
  }

  private AdmissionReply malformed(String message) {
    metrics.admission("malformed");
    LOG.warn("malformed admission request: {}", message);
    return error(400, message);
  }

  /** {@code {"error": message}}, the body of every reply that is not an AdmissionReview. */
  AdmissionReply error(int status, String message) {
    return new AdmissionReply(status, json.asJson(Map.of("error", message)));
  }

  private static String describe(AdmissionRequest request) {
    return "pod " + request.getNamespace() + "/" + podName(request);
  }

  private static String podName(AdmissionRequest request) {
    return request.getName() == null || request.getName().isEmpty()
        ? "(generated name)"
        : request.getName();
  }

  /**
   * The innermost cause says what was wrong with the JSON; Fabric8's wrapper only says "An error
   * has occurred."
   */
  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private record Verdict(
      boolean allowed,
      int code,
      String message,
      String patch,
      List<String> warnings,
      String result) {

    static Verdict skipped() {
      return new Verdict(true, 200, null, null, List.of(), "skipped");
    }

    static Verdict uninjected(String warning) {
      return new Verdict(true, 200, null, null, List.of(warning), "skipped");
    }

    static Verdict failed(String warning) {
      return new Verdict(true, 200, null, null, List.of(warning), "error");
    }

    static Verdict patched(String patch, List<String> warnings) {
      return new Verdict(true, 200, null, patch, warnings, "injected");
    }

    static Verdict denied(int code, String message) {
      return new Verdict(
          false, code, "handoff: " + message, null, List.of(), code >= 500 ? "error" : "denied");
    }
  }
}
