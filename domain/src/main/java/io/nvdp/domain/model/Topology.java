package io.nvdp.domain.model;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The links between the GPUs of a node, looked up by unordered UUID pair. Immutable. */
public final class Topology {
    private static final Topology EMPTY = new Topology(List.of());

    private final List<GpuLink> links;
    private final Map<String, GpuLink> byPair;

    private Topology(Collection<GpuLink> links) {
        this.links = List.copyOf(links);
        Map<String, GpuLink> map = new HashMap<>();
        for (GpuLink link : this.links) {
            GpuLink previous = map.put(key(link.a(), link.b()), link);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate link between " + link.a() + " and " + link.b());
            }
        }
        this.byPair = Map.copyOf(map);
    }

    public static Topology of(Collection<GpuLink> links) {
        return links.isEmpty() ? EMPTY : new Topology(links);
    }

    public static Topology empty() {
        return EMPTY;
    }

    public List<GpuLink> links() {
        return links;
    }

    public Optional<GpuLink> between(String uuidA, String uuidB) {
        return Optional.ofNullable(byPair.get(key(uuidA, uuidB)));
    }

    /** Whether anything at all is known about this GPU's links. */
    public boolean knows(String uuid) {
        for (GpuLink link : links) {
            if (link.a().equals(uuid) || link.b().equals(uuid)) {
                return true;
            }
        }
        return false;
    }

    private static String key(String a, String b) {
        return a.compareTo(b) <= 0 ? a + '|' + b : b + '|' + a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topology t && byPair.equals(t.byPair);
    }

    @Override
    public int hashCode() {
        return byPair.hashCode();
    }

    @Override
    public String toString() {
        return "Topology" + links;
    }
}
