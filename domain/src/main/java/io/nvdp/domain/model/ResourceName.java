package io.nvdp.domain.model;

import io.nvdp.domain.DomainException;
import java.util.regex.Pattern;

/**
 * A fully-qualified extended resource name such as {@code nvidia.com/gpu}, normalised and validated
 * the way upstream's {@code NewResourceName} does.
 */
public record ResourceName(String value) implements Comparable<ResourceName> {
    public static final String PREFIX = "nvidia.com";
    public static final int MAX_LENGTH = 63;
    public static final String SHARED_SUFFIX = ".shared";
    public static final ResourceName GPU = new ResourceName(PREFIX + "/gpu");

    private static final String DNS1123_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final Pattern SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN);

    /**
     * Normalises {@code raw} (prefixing {@code nvidia.com/} when missing) and validates it.
     *
     * @throws InvalidResourceNameException with upstream's text when the result is not valid
     */
    public static ResourceName of(String raw) {
        String name = raw == null ? "" : raw;
        if (!name.startsWith(PREFIX + "/")) {
            name = PREFIX + "/" + name;
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidResourceNameException(
                    "fully-qualified resource name must be " + MAX_LENGTH + " characters or less: " + name);
        }
        String shortName = name.substring(name.indexOf('/') + 1);
        if (shortName.length() > 253 || !SUBDOMAIN.matcher(shortName).matches()) {
            throw new InvalidResourceNameException("incorrect format for resource name '" + name + "': "
                    + "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                    + " and must start and end with an alphanumeric character (e.g. 'example.com', regex used for"
                    + " validation is '" + DNS1123_SUBDOMAIN + "')");
        }
        return new ResourceName(name);
    }

    /** The part after the first {@code /}: {@code gpu}, {@code gpu.shared}, {@code mig-1g.5gb}. */
    public String shortName() {
        return value.substring(value.indexOf('/') + 1);
    }

    /** The {@code .shared} name that {@code renameByDefault} gives this resource. */
    public ResourceName shared() {
        return of(value + SHARED_SUFFIX);
    }

    @Override
    public int compareTo(ResourceName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }

    /** A resource name that fails normalisation or validation. */
    public static final class InvalidResourceNameException extends DomainException {
        public InvalidResourceNameException(String message) {
            super(message);
        }
    }
}
