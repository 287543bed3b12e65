package io.nvdp.bootstrap;

import io.nvdp.domain.port.DeviceNodes;
import java.nio.file.Files;
import java.nio.file.Path;

/** Device nodes as the plugin's own container sees them (upstream checks the plain path). */
final class FileSystemDeviceNodes implements DeviceNodes {
    @Override
    public boolean exists(String path) {
        return Files.exists(Path.of(path));
    }
}
