package dev.handoff.loadtest.report;

/**
 * Something the deploy did at a moment of the run (a pod started, a pod drained), drawn on the
 * chart.
 */
public record TimelineMark(long atMillis, String label) {}
