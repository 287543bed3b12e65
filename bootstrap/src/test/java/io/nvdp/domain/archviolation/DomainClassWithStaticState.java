package io.nvdp.domain.archviolation;

/** Test fixture: a domain class with a static mutable counter. Never used by production code. */
public class DomainClassWithStaticState {
    static int counter;

    public int next() {
        return ++counter;
    }
}
