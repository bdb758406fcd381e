package dev.handoff.loadtest.report;

/**
 * One sample of the run, for the report's chart: clients settled or in transit, and running totals.
 */
public record TimelinePoint(
    long atMillis,
    int settled,
    int inTransit,
    long handedOff,
    long restored,
    long refreshed,
    long lost) {}
