package io.nvdp.domain.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class XidPolicyTest {
    @ParameterizedTest
    @ValueSource(longs = {13, 31, 43, 45, 68, 109})
    void applicationErrorsAreIgnoredByDefault(long xid) {
        assertThat(XidPolicy.defaults().isCritical(xid)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(longs = {48, 63, 64, 74, 79, 94, 95, 119})
    void otherXidsAreCriticalByDefault(long xid) {
        assertThat(XidPolicy.defaults().isCritical(xid)).isTrue();
        assertThat(XidPolicy.defaults().isDisabled()).isFalse();
    }

    @ParameterizedTest(name = "disable=''{0}'' enable=''{1}'': xid {2} critical={3}, disabled={4}")
    @CsvSource(nullValues = "null", value = {
        "null, null, 48, true, false",
        "'', '', 48, true, false",
        "all, null, 48, false, true",
        "ALL, null, 48, false, true",
        "xids, null, 48, false, true",
        "'xids,48', null, 79, false, true",
        "' 48 , 79 ', null, 48, false, false",
        "'48,79', null, 79, false, false",
        "'48,79', null, 74, true, false",
        "all, 48, 48, true, false",
        "all, 48, 79, false, false",
        "null, all, 13, true, false",
        "null, xids, 109, true, false",
        "null, 13, 13, true, false",
        "null, 13, 31, false, false",
        "'48', '48', 48, true, false",
    })
    void disableAndEnableCombineAsUpstreamHead(String disable, String enable, long xid, boolean critical, boolean disabled) {
        XidPolicy policy = XidPolicy.parse(disable, enable);
        assertThat(policy.isCritical(xid)).isEqualTo(critical);
        assertThat(policy.isDisabled()).isEqualTo(disabled);
    }

    @Test
    void malformedEntriesAreSkippedWithAWarning() {
        XidPolicy policy = XidPolicy.parse("48,abc,-5,,79", "x1");
        assertThat(policy.isCritical(48)).isFalse();
        assertThat(policy.isCritical(79)).isFalse();
        assertThat(policy.warnings()).hasSize(3)
                .anyMatch(w -> w.contains("'abc'") && w.contains("DP_DISABLE_HEALTHCHECKS"))
                .anyMatch(w -> w.contains("'-5'"))
                .anyMatch(w -> w.contains("'x1'") && w.contains("DP_ENABLE_HEALTHCHECKS"));
    }
}
