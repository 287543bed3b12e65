package io.nvdp.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.model.PcieLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeExampleTest {

    @Test
    void theFullExampleInTheReadmeIsAValidProfile() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));

        NodeProfile profile = NodeProfiles.parse(example, "README.md", "readme");

        assertThat(profile.name()).isEqualTo("my-node");
        assertThat(profile.gpus()).hasSize(3);
        assertThat(profile.gpu(0).migDevices()).hasSize(4);
        assertThat(profile.gpu(2).productName()).isEqualTo("Tesla T4");
        assertThat(profile.link(0, 1).orElseThrow().nvlinkLanes()).isEqualTo(12);
        assertThat(profile.link(0, 2).orElseThrow().pcie()).hasValue(PcieLevel.HOST_BRIDGE);
        assertThat(profile.faults()).hasSize(5);
    }
}
