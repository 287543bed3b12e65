package io.nvdp.domain.plan;

import io.nvdp.domain.config.PluginConfig;
import java.util.Objects;

/** What a running daemon serves: the plan of its resources and the configuration they answer with. */
public record ServedPlan(ResourcePlan plan, PluginConfig config) {
    public ServedPlan {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(config, "config");
    }
}
