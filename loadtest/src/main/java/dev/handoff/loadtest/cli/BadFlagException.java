package dev.handoff.loadtest.cli;

/** A flag the command cannot use; the message is the one line the user sees. */
final class BadFlagException extends RuntimeException {
  BadFlagException(String message) {
    super(message);
  }
}
