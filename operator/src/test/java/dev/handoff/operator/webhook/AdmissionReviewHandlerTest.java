package dev.handoff.operator.webhook;

import static dev.handoff.operator.testing.Pods.container;
import static dev.handoff.operator.testing.Pods.env;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.injection.InjectionSettings;
import dev.handoff.operator.injection.PodOwner;
import dev.handoff.operator.injection.SidecarInjection;
import dev.handoff.operator.metrics.OperatorMetrics;
import dev.handoff.operator.testing.AdmissionReviews;
import dev.handoff.operator.testing.PatchApplier;
import dev.handoff.operator.testing.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The handler's decisions around the owner lookup, with lookups that fail on purpose. */
class AdmissionReviewHandlerTest {

  private static final PodOwner SHOP_REVISION_7 =
      new PodOwner(Optional.of("shop"), Optional.of(7L));

  private final OperatorMetrics metrics = new OperatorMetrics();

  /** Fails the first {@code failures} calls the way the API client does, then answers. */
  private static final class FlakyLookup implements OwnerLookup {
    private final int failures;
    private final AtomicInteger calls = new AtomicInteger();

    FlakyLookup(int failures) {
      this.failures = failures;
    }

    @Override
    public PodOwner ownerOf(String namespace, Pod pod) {
      if (calls.incrementAndGet() <= failures) {
        throw new OwnerLookupException(
            "cannot read ReplicaSet " + namespace + "/shop-7d9f8c5b6: timeout", null);
      }
      return SHOP_REVISION_7;
    }
  }

  private AdmissionReviewHandler handler(OwnerLookup owners) {
    return new AdmissionReviewHandler(
        new SidecarInjection(
            InjectionSettings.from(OperatorSettings.fromEnvironment(Map.of()).sidecar(), false)),
        owners,
        Set.of("kube-system"),
        new KubernetesSerialization(),
        metrics);
  }

  private static AdmissionResponse answer(AdmissionReviewHandler handler, Pod pod) {
    AdmissionReply reply = handler.handle(AdmissionReviews.create("uid-1", "storefront", pod));
    assertThat(reply.status()).isEqualTo(200);
    return AdmissionReviews.response(reply.body());
  }

  @Test
  void injectsWhenTheOwnerLookupSucceedsOnTheRetry() {
    Pod pod = Pods.load("liveview-single-port");
    FlakyLookup owners = new FlakyLookup(1);

    AdmissionResponse response = answer(handler(owners), pod);

    assertThat(owners.calls).hasValue(2);
    assertThat(response.getAllowed()).isTrue();
    Pod result = PatchApplier.apply(pod, AdmissionReviews.patch(response));
    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_VERSION")).isEqualTo("7");
    assertThat(metrics.scrape())
        .contains("handoff_operator_injections_skipped_total{reason=\"owner_lookup_failed\"} 0.0");
  }

  @Test
  void allowsThePodUninjectedWithAWarningWhenTheOwnerLookupFailsTwice() {
    FlakyLookup owners = new FlakyLookup(2);

    AdmissionResponse response = answer(handler(owners), Pods.load("liveview-single-port"));

    assertThat(owners.calls).hasValue(2);
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
    assertThat(response.getStatus()).isNull();
    assertThat(response.getWarnings())
        .singleElement()
        .asString()
        .contains(
            "without the Handoff sidecar",
            "ReplicaSet storefront/shop-7d9f8c5b6",
            "handoff.dev/version");
    assertThat(metrics.scrape())
        .contains("handoff_operator_injections_skipped_total{reason=\"owner_lookup_failed\"} 1.0");
  }

  @Test
  void allowsThePodUninjectedWithAWarningWhenTheWebhookItselfFails() {
    OwnerLookup broken =
        (namespace, pod) -> {
          throw new IllegalStateException("a bug in the lookup");
        };

    AdmissionResponse response = answer(handler(broken), Pods.load("liveview-single-port"));

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
    assertThat(response.getWarnings())
        .singleElement()
        .asString()
        .contains("without the Handoff sidecar", "a bug in the lookup");
    assertThat(metrics.scrape())
        .contains("handoff_operator_injections_skipped_total{reason=\"webhook_error\"} 1.0")
        .contains("handoff_operator_admissions_total{result=\"error\"} 1.0");
  }

  @Test
  void stillDeniesTheUsersOwnAnnotationErrors() {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().put("handoff.dev/drain-timeout", "soon");

    AdmissionResponse response = answer(handler(new FlakyLookup(0)), pod);

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage()).contains("handoff.dev/drain-timeout");
  }
}
