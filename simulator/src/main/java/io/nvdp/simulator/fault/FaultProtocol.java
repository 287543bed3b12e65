package io.nvdp.simulator.fault;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The fault control line protocol: one command per line, one reply line, {@code ok} or
 * {@code error: <message>}.
 *
 * <pre>
 * xid &lt;gpu&gt; &lt;xid&gt; [&lt;gi&gt; &lt;ci&gt;]   Xid on a GPU (or one MIG device of it)
 * lost &lt;gpu&gt;                    the GPU falls off the bus
 * back &lt;gpu&gt;                    a lost GPU answers again
 * waiterror [&lt;reason&gt;]          waiting for events fails once
 * ping                          checks the socket
 * </pre>
 * {@code <gpu>} is an NVML index, a GPU UUID or a MIG UUID (then without gi and ci).
 */
final class FaultProtocol {
    static final String OK = "ok";
    static final String ERROR_PREFIX = "error: ";
    private static final String USAGE = "expected one of: xid <gpu> <xid> [<gi> <ci>], lost <gpu>, back <gpu>, "
            + "waiterror [<reason>], ping";

    private FaultProtocol() {
    }

    /** Runs one command line against {@code target} and returns the reply line. */
    static String execute(String line, SimulatedHealthEvents target) {
        String[] words = line.strip().split("\\s+");
        String command = words[0].toLowerCase(Locale.ROOT);
        try {
            switch (command) {
                case "xid" -> {
                    if (words.length != 3 && words.length != 5) {
                        return error("usage: xid <gpu> <xid> [<gi> <ci>]");
                    }
                    long xid = number(words[2], "xid");
                    OptionalInt gi = words.length == 5 ? OptionalInt.of((int) number(words[3], "gi")) : OptionalInt.empty();
                    OptionalInt ci = words.length == 5 ? OptionalInt.of((int) number(words[4], "ci")) : OptionalInt.empty();
                    target.injectXid(words[1], xid, gi, ci);
                }
                case "lost" -> {
                    if (words.length != 2) {
                        return error("usage: lost <gpu>");
                    }
                    target.lose(words[1]);
                }
                case "back" -> {
                    if (words.length != 2) {
                        return error("usage: back <gpu>");
                    }
                    target.restore(words[1]);
                }
                case "waiterror" -> target.failWait(words.length == 1 ? "simulated wait error"
                        : String.join(" ", Arrays.copyOfRange(words, 1, words.length)));
                case "ping" -> {
                    // nothing to do: the reply is the answer
                }
                case "" -> {
                    return error("empty command (" + USAGE + ")");
                }
                default -> {
                    return error("unknown command '" + words[0] + "' (" + USAGE + ")");
                }
            }
            return OK;
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
    }

    private static long number(String text, String what) {
        try {
            long value = Long.parseLong(text);
            if (value < 0 || (!what.equals("xid") && value > Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a non-negative integer");
        }
    }

    private static String error(String message) {
        return ERROR_PREFIX + message.replace('\n', ' ');
    }
}
