package io.nvdp.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.port.HealthEvent;
import io.nvdp.domain.port.HealthEvents;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.NodeProfiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultControlTest {
    private final NodeProfile profile = NodeProfiles.load("a100-mig");
    private final SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
    private final List<HealthEvent> seen = new CopyOnWriteArrayList<>();
    private Path dir;
    private Path socket;
    private FaultControlServer server;
    private HealthEvents.Watch watch;
    private FaultControlClient client;

    @BeforeEach
    void openSocket() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp");
        socket = dir.resolve("faults.sock");
        server = FaultControlServer.open(socket, health);
        watch = health.start(new SimulatedGpuInventory(profile).discover(), seen::add);
        client = new FaultControlClient(socket);
    }

    @AfterEach
    void closeSocket() throws IOException {
        watch.close();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void commandsOnTheSocketBecomeHealthEvents() {
        MigDevice mig = profile.gpu(0).migDevices().get(1);

        client.xid(3, 79);
        client.lose(2);
        assertThat(health.isUsable(profile.gpu(2).uuid())).isFalse();
        client.restore(profile.gpu(2).uuid());
        client.xid("0", 48, mig.gpuInstanceId(), mig.computeInstanceId());
        client.xid(mig.uuid(), 94);
        client.waitError();
        client.ping();

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 6);
        String gpu0 = profile.gpu(0).uuid();
        OptionalInt gi = OptionalInt.of(mig.gpuInstanceId());
        OptionalInt ci = OptionalInt.of(mig.computeInstanceId());
        assertThat(seen).containsExactly(
                HealthEvent.Xid.onGpu(profile.gpu(3).uuid(), 79),
                new HealthEvent.GpuLost(profile.gpu(2).uuid()),
                new HealthEvent.GpuBack(profile.gpu(2).uuid()),
                new HealthEvent.Xid(gpu0, 48, gi, ci),
                new HealthEvent.Xid(gpu0, 94, gi, ci),
                new HealthEvent.WaitFailed("simulated wait error"));
        assertThat(health.isUsable(profile.gpu(2).uuid())).isTrue();
    }

    @Test
    void badCommandsAreAnsweredWithOneErrorLine() {
        assertThat(client.send("reboot 3")).isEqualTo("error: unknown command 'reboot' (expected one of: "
                + "xid <gpu> <xid> [<gi> <ci>], lost <gpu>, back <gpu>, waiterror [<reason>], ping)");
        assertThat(client.send("xid 3")).isEqualTo("error: usage: xid <gpu> <xid> [<gi> <ci>]");
        assertThat(client.send("xid 3 many")).isEqualTo("error: xid 'many' is not a non-negative integer");
        assertThat(client.send("")).startsWith("error: empty command");
        assertThatThrownBy(() -> client.lose(7)).isInstanceOf(FaultControlException.class)
                .hasMessage("unknown GPU '7' (expected an index 0..3, a GPU UUID or a MIG UUID of profile a100-mig)");
        assertThat(seen).isEmpty();
    }

    @Test
    void oneConnectionCarriesManyCommands() throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("ping\nlost 1\nLOST 1\nback 1\n".getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));

            assertThat(List.of(in.readLine(), in.readLine(), in.readLine(), in.readLine()))
                    .containsExactly("ok", "ok", "ok", "ok");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly(new HealthEvent.GpuLost(profile.gpu(1).uuid()),
                new HealthEvent.GpuBack(profile.gpu(1).uuid()));
    }

    @Test
    void closingTheServerRemovesTheSocketAndItsThreads() throws IOException {
        SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX);
        idle.connect(UnixDomainSocketAddress.of(socket));
        client.ping();

        watch.close();
        server.close();

        assertThat(socket).doesNotExist();
        await().atMost(Duration.ofSeconds(5)).until(() -> SimulatedHealthEventsTest.healthThreads().isEmpty());
        assertThatThrownBy(client::ping).isInstanceOf(FaultControlException.class)
                .hasMessageStartingWith("cannot reach fault control socket " + socket);
        idle.close();
    }

    @Test
    void aStaleSocketFileIsReplaced() {
        server.close();
        Path stale = dir.resolve("stale.sock");
        try (FaultControlServer first = FaultControlServer.open(stale, health)) {
            assertThat(stale).exists();
        }
        try {
            Files.writeString(stale, "left over");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }

        try (FaultControlServer again = FaultControlServer.open(stale, health)) {
            new FaultControlClient(stale).ping();
            assertThat(again.socketPath()).isEqualTo(stale);
        }
    }

    @Test
    void aLineOverTheLimitIsOneErrorLineAndSkipped() throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            byte[] huge = new byte[FaultControlServer.MAX_LINE_BYTES * 4];
            java.util.Arrays.fill(huge, (byte) 'x');
            ByteBuffer out = ByteBuffer.wrap(huge);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.write(ByteBuffer.wrap("\nping\n".getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("error: line longer than 4096 bytes");
            assertThat(in.readLine()).isEqualTo("ok");
        }
        client.ping();
        assertThat(seen).isEmpty();
    }

    @Test
    void binaryGarbageIsAnsweredWithOneLine() throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0, 1, 2, '\n'}));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("error: unknown command");
        }
    }

    @Test
    void manyConnectionsShareOneThread() throws IOException {
        List<SocketChannel> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < FaultControlServer.MAX_CONNECTIONS + 10; i++) {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
                open.add(channel);
            }
            // The ones past the limit are told so and closed; the first are still served.
            SocketChannel last = open.getLast();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(last),
                    StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("error: too many connections (at most 64)");
            SocketChannel first = open.getFirst();
            first.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(new BufferedReader(new InputStreamReader(Channels.newInputStream(first), StandardCharsets.UTF_8))
                    .readLine()).isEqualTo("ok");
            assertThat(SimulatedHealthEventsTest.healthThreads().stream()
                    .filter(n -> n.contains("-control"))).hasSize(1);
        } finally {
            for (SocketChannel channel : open) {
                channel.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(client::ping);
    }

    @Test
    void aDeletedSocketIsMadeAgain() throws IOException {
        Files.delete(socket);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(client::ping);
    }
}
