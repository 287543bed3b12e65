package io.nvdp.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.DomainException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MigProfileTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"1g.5gb, 1, 1, 5, true", "1c.2g.10gb, 1, 2, 10, false", "1g.5gb+me, 1, 1, 5, true",
        "1g.24gb+me.all, 1, 1, 24, true", "7g.80gb, 7, 7, 80, true"})
    void parsesAndPrintsGoNvlibProfileNames(String name, int c, int g, int gb, boolean fullInstance) {
        MigProfile p = MigProfile.parse(name);
        assertThat(p.computeSlices()).isEqualTo(c);
        assertThat(p.gpuSlices()).isEqualTo(g);
        assertThat(p.memoryGb()).isEqualTo(gb);
        assertThat(p.isFullGpuInstance()).isEqualTo(fullInstance);
        assertThat(p.name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1g", "1g.5", "g.5gb", "1g.5gb+", "1g.5gb+ME", "0g.5gb"})
    void rejectsMalformedNames(String name) {
        assertThatThrownBy(() -> MigProfile.parse(name)).isInstanceOf(DomainException.class);
    }
}
