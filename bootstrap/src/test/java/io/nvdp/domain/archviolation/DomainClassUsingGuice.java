package io.nvdp.domain.archviolation;

/** Test fixture: a domain class that wrongly touches Guice. Never used by production code. */
public class DomainClassUsingGuice {
    public Object injector() {
        return com.google.inject.Guice.createInjector();
    }
}
