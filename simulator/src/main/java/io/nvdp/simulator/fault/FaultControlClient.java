package io.nvdp.simulator.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Drives a {@link FaultControlServer}: one connection per command. Every method throws
 * {@link FaultControlException} when the server answers {@code error: ...} or cannot be reached.
 *
 * <p>From a shell: {@code java -cp simulator.jar io.nvdp.simulator.fault.FaultControlClient <socket> xid 3 79}
 * (or {@code echo 'xid 3 79' | socat - UNIX-CONNECT:<socket>}).
 */
public final class FaultControlClient {
    private final Path socket;

    public FaultControlClient(Path socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /** An Xid on a GPU: {@code gpu} is an index, a GPU UUID or a MIG UUID. */
    public void xid(String gpu, long xid) {
        command("xid " + gpu + " " + xid);
    }

    public void xid(int gpuIndex, long xid) {
        xid(Integer.toString(gpuIndex), xid);
    }

    /** An Xid on the MIG device of {@code gpu} with GPU instance {@code gi} and compute instance {@code ci}. */
    public void xid(String gpu, long xid, int gi, int ci) {
        command("xid " + gpu + " " + xid + " " + gi + " " + ci);
    }

    /** The GPU falls off the bus. */
    public void lose(String gpu) {
        command("lost " + gpu);
    }

    public void lose(int gpuIndex) {
        lose(Integer.toString(gpuIndex));
    }

    /** A lost GPU answers again. */
    public void restore(String gpu) {
        command("back " + gpu);
    }

    public void restore(int gpuIndex) {
        restore(Integer.toString(gpuIndex));
    }

    /** Waiting for health events fails once. */
    public void waitError() {
        command("waiterror");
    }

    /** Checks that the server answers. */
    public void ping() {
        command("ping");
    }

    /** Sends one raw command line and returns the reply line as it came ({@code ok} or {@code error: ...}). */
    public String send(String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a command is one line: " + line.replace("\n", "\\n"));
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String reply = in.readLine();
            if (reply == null) {
                throw new FaultControlException("fault control socket " + socket + " closed without a reply");
            }
            return reply;
        } catch (IOException e) {
            throw new FaultControlException("cannot reach fault control socket " + socket + ": " + e.getMessage(), e);
        }
    }

    private void command(String line) {
        String reply = send(line);
        if (reply.startsWith(FaultProtocol.ERROR_PREFIX)) {
            throw new FaultControlException(reply.substring(FaultProtocol.ERROR_PREFIX.length()));
        }
        if (!reply.equals(FaultProtocol.OK)) {
            throw new FaultControlException("unexpected reply from " + socket + ": " + reply);
        }
    }

    /** {@code FaultControlClient <socket> <command words...>}: prints the reply, exits 1 on an error. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: FaultControlClient <socket> <command> [args...]"
                    + " (xid <gpu> <xid> [<gi> <ci>] | lost <gpu> | back <gpu> | waiterror [<reason>] | ping)");
            System.exit(2);
        }
        String reply;
        try {
            reply = new FaultControlClient(Path.of(args[0])).send(String.join(" ", Arrays.copyOfRange(args, 1, args.length)));
        } catch (FaultControlException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(reply);
        System.exit(reply.equals(FaultProtocol.OK) ? 0 : 1);
    }
}
