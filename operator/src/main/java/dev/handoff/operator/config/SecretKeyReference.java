package dev.handoff.operator.config;

/** A key inside a Secret that lives in the namespace of each injected pod. */
public record SecretKeyReference(String secretName, String key) {}
