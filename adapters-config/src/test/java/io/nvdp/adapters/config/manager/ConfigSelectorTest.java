package io.nvdp.adapters.config.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.adapters.config.manager.ConfigSelection.Empty;
import io.nvdp.adapters.config.manager.ConfigSelection.Named;
import io.nvdp.adapters.config.manager.ConfigSelection.Reason;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigSelectorTest {

    private static ConfigSelector selector(String defaultConfig, String... fallbacks) {
        return new ConfigSelector(defaultConfig, List.of(fallbacks));
    }

    @Test
    void labelValueSelectsTheConfigOfThatName() {
        assertThat(selector("a", "empty").select("b", Set.of("a", "b")))
                .isEqualTo(new Named("b", Reason.LABEL));
    }

    @Test
    void labelNamingAMissingConfigIsAnErrorEvenWithDefaultAndFallbacks() {
        assertThatThrownBy(() -> selector("a", "empty").select("c", Set.of("a", "b")))
                .isInstanceOf(ConfigManagerException.class)
                .hasMessage("specified config c does not exist");
    }

    @Test
    void unsetLabelSelectsTheDefaultConfig() {
        assertThat(selector("a", "named").select("", Set.of("a", "default")))
                .isEqualTo(new Named("a", Reason.DEFAULT_CONFIG));
    }

    @Test
    void missingDefaultConfigIsAnErrorNamingTheDefault() {
        assertThatThrownBy(() -> selector("x", "empty").select("", Set.of("a")))
                .isInstanceOf(ConfigManagerException.class)
                .hasMessage("specified config x does not exist");
    }

    @Test
    void noConfigFilesIsAnErrorWhateverTheLabel() {
        assertThatThrownBy(() -> selector("", "empty").select("", Set.of()))
                .hasMessage("no configuration files available");
        assertThatThrownBy(() -> selector("", "empty").select("a", Set.of()))
                .hasMessage("no configuration files available");
    }

    @Test
    void namedFallbackPicksTheConfigCalledDefault() {
        assertThat(selector("", "named", "single").select("", Set.of("a", "default")))
                .isEqualTo(new Named("default", Reason.FALLBACK_NAMED));
    }

    @Test
    void singleFallbackPicksTheOnlyConfig() {
        assertThat(selector("", "named", "single").select("", Set.of("only")))
                .isEqualTo(new Named("only", Reason.FALLBACK_SINGLE));
    }

    @Test
    void singleFallbackFailsWithSeveralConfigsAndTheNextStrategyIsTried() {
        assertThat(selector("", "single", "empty").select("", Set.of("a", "b")))
                .isEqualTo(new Empty(Reason.FALLBACK_EMPTY));
    }

    @Test
    void fallbacksAreTriedInTheGivenOrder() {
        Set<String> onlyDefault = Set.of("default");
        assertThat(selector("", "single", "named").select("", onlyDefault).reason()).isEqualTo(Reason.FALLBACK_SINGLE);
        assertThat(selector("", "named", "single").select("", onlyDefault).reason()).isEqualTo(Reason.FALLBACK_NAMED);
        assertThat(selector("", "empty", "named").select("", onlyDefault)).isEqualTo(new Empty(Reason.FALLBACK_EMPTY));
    }

    @Test
    void allFallbacksFailingIsAnError() {
        assertThatThrownBy(() -> selector("", "named", "single").select("", Set.of("a", "b")))
                .hasMessage("no config was set, no default was provided, and all fallbacks failed");
    }

    @Test
    void noFallbacksAtAllIsTheSameError() {
        assertThatThrownBy(() -> selector("").select("", Set.of("a")))
                .hasMessage("no config was set, no default was provided, and all fallbacks failed");
    }

    @Test
    void unknownFallbackStrategyFailsWhenReached() {
        assertThatThrownBy(() -> selector("", "named", "bogus", "empty").select("", Set.of("a", "b")))
                .hasMessage("unknown fallback strategy: bogus");
    }

    @Test
    void unknownFallbackStrategyIsHarmlessWhenAnEarlierOneSucceeds() {
        var selector = selector("", "named", "bogus");
        assertThat(selector.select("", Set.of("default", "b"))).isEqualTo(new Named("default", Reason.FALLBACK_NAMED));
        assertThat(selector.unknownFallbackStrategies()).containsExactly("bogus");
    }

    @Test
    void selectionsDescribeThemselvesAsUpstreamLogsThem() {
        assertThat(new Named("a", Reason.LABEL).describe()).isEqualTo("config: a");
        assertThat(new Empty(Reason.FALLBACK_EMPTY).describe()).isEqualTo("empty config");
    }
}
