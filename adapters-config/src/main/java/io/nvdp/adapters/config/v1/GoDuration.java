package io.nvdp.adapters.config.v1;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.Duration} text form ({@code 30s}, {@code 1m30s}, {@code 1.5h}, {@code 250ms}),
 * which upstream's flags and config file use, both ways.
 */
public final class GoDuration {
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L,
            "\u03bcs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {}

    /**
     * Parses like Go's {@code time.ParseDuration}.
     *
     * @throws IllegalArgumentException with Go's text, e.g. {@code time: invalid duration "abc"}
     */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigInteger total = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
            boolean hasInt = i > start;
            String intPart = s.substring(start, i);
            String fracPart = "";
            if (i < s.length() && s.charAt(i) == '.') {
                int fracStart = ++i;
                while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                    i++;
                }
                fracPart = s.substring(fracStart, i);
            }
            if (!hasInt && fracPart.isEmpty()) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !(Character.isDigit(s.charAt(i)) && s.charAt(i) < 128)) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            Long scale = UNITS.get(unit);
            if (scale == null) {
                throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quote(text));
            }
            BigDecimal value = new BigDecimal((intPart.isEmpty() ? "0" : intPart) + (fracPart.isEmpty() ? "" : "." + fracPart));
            // Go truncates the fractional nanoseconds of each component.
            total = total.add(value.multiply(BigDecimal.valueOf(scale)).toBigInteger());
            if (total.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
                throw invalid(text);
            }
        }
        long nanos = total.longValueExact();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /** Formats like Go's {@code Duration.String()}: {@code 0s}, {@code 5ns}, {@code 1.5µs}, {@code 1m0s}. */
    public static String format(Duration duration) {
        BigInteger nanosBig = BigInteger.valueOf(duration.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(duration.getNano()));
        if (nanosBig.signum() == 0) {
            return "0s";
        }
        String sign = nanosBig.signum() < 0 ? "-" : "";
        long u = nanosBig.abs().min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        if (u < 1_000_000_000L) {
            if (u < 1_000L) {
                return sign + u + "ns";
            }
            if (u < 1_000_000L) {
                return sign + fraction(u, 3) + "\u00b5s";
            }
            return sign + fraction(u, 6) + "ms";
        }
        String seconds = fraction(u % 60_000_000_000L, 9) + "s";
        long minutesTotal = u / 60_000_000_000L;
        if (minutesTotal == 0) {
            return sign + seconds;
        }
        long hours = minutesTotal / 60;
        long minutes = minutesTotal % 60;
        return sign + (hours > 0 ? hours + "h" : "") + minutes + "m" + seconds;
    }

    private static String fraction(long value, int digits) {
        long scale = (long) Math.pow(10, digits);
        long whole = value / scale;
        long frac = value % scale;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String fracText = String.format("%0" + digits + "d", frac).replaceAll("0+$", "");
        return whole + "." + fracText;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
