package dev.handoff.operator.injection;

import dev.handoff.operator.config.DurationText;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code handoff.dev/*} annotations of one pod, validated; absent ones take the sidecar's defaults. */
public record HandoffOptions(
        Optional<String> app,
        Optional<Long> version,
        long versionWindow,
        Duration drainTimeout,
        Duration snapshotTtl,
        int maxStateBytes,
        Optional<PortSelector> port,
        Optional<String> bindCookie) {

    public static final long DEFAULT_VERSION_WINDOW = 1;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_SNAPSHOT_TTL = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_STATE_BYTES = 65536;

    /** Same shape as a label value, so the name is safe inside Redis keys and metric labels. */
    static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    /** An RFC 6265 cookie-name token, bounded as the sidecar bounds HANDOFF_BIND_COOKIE. */
    static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    private static final String NON_NEGATIVE = "a non-negative integer, e.g. \"7\"";

    public static HandoffOptions fromAnnotations(Map<String, String> annotations) {
        return new HandoffOptions(
                optional(annotations, HandoffAnnotations.APP).map(HandoffOptions::appName),
                optional(annotations, HandoffAnnotations.VERSION)
                        .map(value -> nonNegative(HandoffAnnotations.VERSION, value)),
                optional(annotations, HandoffAnnotations.VERSION_WINDOW)
                        .map(value -> nonNegative(HandoffAnnotations.VERSION_WINDOW, value))
                        .orElse(DEFAULT_VERSION_WINDOW),
                optional(annotations, HandoffAnnotations.DRAIN_TIMEOUT)
                        .map(value -> positiveDuration(HandoffAnnotations.DRAIN_TIMEOUT, value))
                        .orElse(DEFAULT_DRAIN_TIMEOUT),
                optional(annotations, HandoffAnnotations.SNAPSHOT_TTL)
                        .map(value -> positiveDuration(HandoffAnnotations.SNAPSHOT_TTL, value))
                        .orElse(DEFAULT_SNAPSHOT_TTL),
                optional(annotations, HandoffAnnotations.MAX_STATE_BYTES)
                        .map(HandoffOptions::maxStateBytes)
                        .orElse(DEFAULT_MAX_STATE_BYTES),
                optional(annotations, HandoffAnnotations.PORT).map(PortSelector::parse),
                optional(annotations, HandoffAnnotations.BIND_COOKIE).map(HandoffOptions::cookieName));
    }

    private static Optional<String> optional(Map<String, String> annotations, String name) {
        return Optional.ofNullable(annotations.get(name));
    }

    static String appName(String value) {
        if (!APP_NAME.matcher(value).matches()) {
            throw AnnotationException.badValue(HandoffAnnotations.APP, value,
                    "1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, e.g. \"shop\"");
        }
        return value;
    }

    private static String cookieName(String value) {
        if (!COOKIE_NAME.matcher(value).matches()) {
            throw AnnotationException.badValue(HandoffAnnotations.BIND_COOKIE, value,
                    "the name of the app's session cookie: 1-128 letters, digits or !#$%&'*+.^_`|~-"
                            + " (no spaces, '=', ';' or quotes), e.g. \"_shop_session\"");
        }
        return value;
    }

    private static long nonNegative(String annotation, String value) {
        if (!value.matches("\\d{1,18}")) {
            throw AnnotationException.badValue(annotation, value, NON_NEGATIVE);
        }
        return Long.parseLong(value);
    }

    private static Duration positiveDuration(String annotation, String value) {
        Optional<Duration> parsed = DurationText.parse(value);
        if (parsed.isEmpty() || parsed.get().isZero()) {
            throw AnnotationException.badValue(annotation, value, "a positive duration " + DurationText.ACCEPTED_FORM);
        }
        return parsed.get();
    }

    private static int maxStateBytes(String value) {
        if (value.matches("\\d{1,9}") && Integer.parseInt(value) > 0) {
            return Integer.parseInt(value);
        }
        throw AnnotationException.badValue(HandoffAnnotations.MAX_STATE_BYTES, value,
                "a positive integer number of bytes, e.g. \"65536\"");
    }
}
