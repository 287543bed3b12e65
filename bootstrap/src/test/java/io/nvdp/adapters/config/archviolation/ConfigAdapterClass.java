package io.nvdp.adapters.config.archviolation;

/** Test fixture: stands in for a config adapter class. */
public class ConfigAdapterClass {
}
