package io.nvdp.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.model.ResourceName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcePatternTest {
    @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
    @CsvSource({
        "1g.24gb, 1g.24gb, true",
        "1g.24gb, 1g.24gb-me, false",
        "1g.24gb, 1g.24gb+me.all, false",
        "1g.24gb, x1g.24gb, false",
        "*, 1g.24gb, true",
        "*, anything at all, true",
        "1g.*, 1g.24gb, true",
        "1g.*, 2g.48gb, false",
        "*gb, 1g.24gb, true",
        "*gb, 1g.24gb-me, false",
        "1g.5gb, 1g.5gbx, false",
        "a.c, abc, false",
        "Tesla*, Tesla T4, true",
        "*T4, NVIDIA Tesla T4, true",
    })
    void matchesTheWholeNameWithStarAsTheOnlyWildcard(String pattern, String value, boolean expected) {
        assertThat(new ResourcePattern(pattern, ResourceName.GPU).matches(value)).isEqualTo(expected);
    }
}
