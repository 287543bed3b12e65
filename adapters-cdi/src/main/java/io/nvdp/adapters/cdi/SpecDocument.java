package io.nvdp.adapters.cdi;

import java.util.List;

/**
 * One CDI spec file's content, in the CDI JSON schema's terms.
 *
 * @param kind     {@code vendor/class}
 * @param devices  the named devices and their own edits
 * @param common   the edits every device of the spec brings along
 */
record SpecDocument(String kind, List<Device> devices, Edits common) {
    static final String V030 = "0.3.0";
    static final String V050 = "0.5.0";

    record Device(String name, Edits edits) {
    }

    record Edits(List<String> env, List<DeviceNode> deviceNodes, List<Hook> hooks, List<Mount> mounts) {
        static final Edits NONE = new Edits(List.of(), List.of(), List.of(), List.of());
    }

    record Mount(String hostPath, String containerPath, List<String> options) {
    }

    record Hook(String hookName, String path, List<String> args) {
    }

    /**
     * The lowest CDI version whose features the spec uses, so that the oldest runtimes able to
     * read it accept it: {@code 0.5.0} for device names that start with a digit or device nodes
     * with a host path, else {@code 0.3.0} (mount types, a {@code 0.4.0} feature, are never written).
     */
    String cdiVersion() {
        boolean v050 = devices.stream().anyMatch(d -> !d.name().isEmpty() && !Character.isLetter(d.name().charAt(0)))
                || edits().anyMatch(e -> e.deviceNodes().stream().anyMatch(n -> n.hostPath() != null));
        return v050 ? V050 : V030;
    }

    private java.util.stream.Stream<Edits> edits() {
        return java.util.stream.Stream.concat(devices.stream().map(Device::edits), java.util.stream.Stream.of(common));
    }
}
