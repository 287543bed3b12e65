package io.nvdp.adapters.config.v1;

import io.nvdp.domain.model.ResourceName;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code resources}: which device pattern lands in which resource name. {@code gpus} is printed
 * even when unset ({@code null}); {@code mig} is left out when empty.
 */
public record Resources(List<Resource> gpus, List<Resource> mig) {
    public static final Resources EMPTY = new Resources(null, null);

    public Resources {
        gpus = gpus == null ? null : List.copyOf(gpus);
        mig = mig == null ? null : List.copyOf(mig);
    }

    public boolean isEmpty() {
        return (gpus == null || gpus.isEmpty()) && (mig == null || mig.isEmpty());
    }

    public Resources withGpu(String pattern, ResourceName name) {
        return new Resources(append(gpus, new Resource(pattern, name)), mig);
    }

    public Resources withMig(String pattern, ResourceName name) {
        return new Resources(gpus, append(mig, new Resource(pattern, name)));
    }

    private static List<Resource> append(List<Resource> list, Resource resource) {
        List<Resource> result = new ArrayList<>(list == null ? List.of() : list);
        result.add(resource);
        return result;
    }
}
