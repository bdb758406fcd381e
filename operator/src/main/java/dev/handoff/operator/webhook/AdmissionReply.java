package dev.handoff.operator.webhook;

/** An HTTP status and a JSON body for the API server. */
public record AdmissionReply(int status, String body) {}
