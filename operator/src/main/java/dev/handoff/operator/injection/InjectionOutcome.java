package dev.handoff.operator.injection;

import java.util.List;

/** What the webhook answers for one pod. */
public sealed interface InjectionOutcome {

  /** Allowed unchanged: not annotated, opted out, or already injected. */
  record Untouched(String reason) implements InjectionOutcome {}

  /** Allowed with a patch; warnings reach the user through kubectl. */
  record Patched(List<PatchOperation> patch, List<String> warnings) implements InjectionOutcome {
    public Patched {
      patch = List.copyOf(patch);
      warnings = List.copyOf(warnings);
    }
  }

  /** Refused: the pod asks for injection but says something the webhook cannot act on. */
  record Denied(String message) implements InjectionOutcome {}
}
