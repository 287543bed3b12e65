package io.nvdp.domain.archviolation;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixture: a domain class that wrongly reads a file. Never used by production code. */
public class DomainClassDoingIo {
    public boolean exists(String path) {
        return Files.exists(Path.of(path));
    }
}
