package io.nvdp.adapters.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.allocation.ContainerAllocation;
import io.nvdp.domain.allocation.PreferredAllocationRequest;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.port.DevicePlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TransportWarmUpTest {

    @Test
    void callsTheServedPluginThroughTheTransportAndLeavesNoSocketNorThreadBehind() throws IOException {
        List<Path> before = warmUpDirectories();
        CountingPlugin plugin = new CountingPlugin(new FakeDevicePlugin("nvidia.com/gpu", 4));

        int calls = TransportWarmUp.run(40, CompletableFuture.completedFuture(Optional.of(plugin)));

        assertThat(calls).isEqualTo(40);
        assertThat(plugin.allocations.get()).isEqualTo(20);
        assertThat(plugin.preferred.get()).isEqualTo(20);
        assertThat(warmUpDirectories()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.isAlive() && t.getName().startsWith("nvdp-warmup"))
                .isEmpty();
    }

    @Test
    void stopsAfterTheFirstCallWhenNothingIsServed() throws IOException {
        List<Path> before = warmUpDirectories();

        assertThat(TransportWarmUp.run(40, CompletableFuture.completedFuture(Optional.empty()))).isZero();

        assertThat(warmUpDirectories()).containsExactlyInAnyOrderElementsOf(before);
    }

    private static List<Path> warmUpDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("nvdp-warmup")).toList();
        }
    }

    /** Counts the calls that reach the domain plugin. */
    private record CountingPlugin(DevicePlugin delegate, AtomicInteger allocations, AtomicInteger preferred)
            implements DevicePlugin {
        CountingPlugin(DevicePlugin delegate) {
            this(delegate, new AtomicInteger(), new AtomicInteger());
        }

        @Override
        public ResourceName resource() {
            return delegate.resource();
        }

        @Override
        public List<AdvertisedDevice> devices() {
            return delegate.devices();
        }

        @Override
        public DeviceWatch watch(DeviceListener listener) {
            return delegate.watch(listener);
        }

        @Override
        public List<ContainerAllocation> allocate(List<List<String>> containerRequests) {
            allocations.incrementAndGet();
            return delegate.allocate(containerRequests);
        }

        @Override
        public List<List<String>> preferredAllocation(List<PreferredAllocationRequest> containerRequests) {
            preferred.incrementAndGet();
            return delegate.preferredAllocation(containerRequests);
        }
    }
}
