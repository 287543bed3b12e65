package io.nvdp.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/** The dependency rules of DEVELOPERS.md and architecture.md, as ArchUnit rules. */
final class ArchitectureRules {
    private ArchitectureRules() {
    }

    /** The domain imports nothing beyond the JDK (and itself). */
    static final ArchRule DOMAIN_USES_JDK_ONLY = noClasses()
            .that().resideInAPackage("io.nvdp.domain..")
            .should().dependOnClassesThat().resideOutsideOfPackages("io.nvdp.domain..", "java..")
            .because("the domain is pure: JDK only");

    /** No I/O, logging or time-of-day reads in the domain: those belong to adapters. */
    static final ArchRule DOMAIN_DOES_NO_IO = noClasses()
            .that().resideInAPackage("io.nvdp.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
                    "java.nio.channels..", "java.util.logging..", "java.lang.System.Logger")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "getenv", String.class)
            .because("the domain does no I/O and reads no environment");

    /** No static mutable state in the domain. */
    static final ArchRule DOMAIN_HAS_NO_STATIC_STATE = fields()
            .that().areDeclaredInClassesThat().resideInAPackage("io.nvdp.domain..")
            .and().areStatic()
            .should().beFinal()
            .because("the domain keeps no static mutable state");

    /** Every adapter module's package; the simulator counts as one (it adapts the node to the domain). */
    private static final List<String> ADAPTERS = List.of("io.nvdp.adapters.grpc..", "io.nvdp.adapters.nvml..",
            "io.nvdp.adapters.config..", "io.nvdp.adapters.cdi..", "io.nvdp.adapters.kubernetes..", "io.nvdp.simulator..");

    static final ArchRule GRPC_ADAPTER_IS_ALONE = adapterIsAlone("io.nvdp.adapters.grpc..");
    static final ArchRule NVML_ADAPTER_IS_ALONE = adapterIsAlone("io.nvdp.adapters.nvml..");
    static final ArchRule CONFIG_ADAPTER_IS_ALONE = adapterIsAlone("io.nvdp.adapters.config..");
    static final ArchRule CDI_ADAPTER_IS_ALONE = adapterIsAlone("io.nvdp.adapters.cdi..");
    static final ArchRule KUBERNETES_ADAPTER_IS_ALONE = adapterIsAlone("io.nvdp.adapters.kubernetes..");

    /** The simulator may use the gRPC adapter's API messages (kubelet emulator), nothing else of it. */
    static final ArchRule SIMULATOR_USES_ONLY_GRPC_API = noClasses()
            .that().resideInAPackage("io.nvdp.simulator..")
            .should().dependOnClassesThat().resideInAnyPackage("io.nvdp.adapters.nvml..", "io.nvdp.adapters.config..",
                    "io.nvdp.adapters.kubernetes..", "io.nvdp.adapters.cdi..")
            .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "are in io.nvdp.adapters.grpc but not in its api package",
                    c -> c.getPackageName().startsWith("io.nvdp.adapters.grpc")
                            && !c.getPackageName().startsWith("io.nvdp.adapters.grpc.api")))
            .because("adapters never depend on each other; the emulator may speak the gRPC API");

    /** The domain gets its values from adapters; reading YAML is the adapters' job. */
    static final ArchRule DOMAIN_READS_NO_YAML = noClasses()
            .that().resideInAPackage("io.nvdp.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("io.nvdp.yaml..", "com.fasterxml.jackson..",
                    "org.yaml..")
            .because("the domain never parses text formats; adapters read YAML through io.nvdp.yaml");

    /** The shared YAML library is a leaf: adapters use it, it uses none of the project's modules. */
    static final ArchRule YAML_LIBRARY_IS_A_LEAF = noClasses()
            .that().resideInAPackage("io.nvdp.yaml..")
            .should().dependOnClassesThat().resideInAnyPackage("io.nvdp.domain..", "io.nvdp.adapters..",
                    "io.nvdp.simulator..", "io.nvdp.bootstrap..")
            .because("a shared library helps adapters without knowing any of them");

    /** Nothing but bootstrap touches Guice or its injection annotations. */
    static final ArchRule ONLY_BOOTSTRAP_KNOWS_GUICE = noClasses()
            .that().resideOutsideOfPackage("io.nvdp.bootstrap..")
            .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..")
            .because("adapters are plain classes with constructors; bootstrap wires them");

    /** Adapters and the domain never reach up into bootstrap. */
    static final ArchRule NOTHING_DEPENDS_ON_BOOTSTRAP = noClasses()
            .that().resideOutsideOfPackage("io.nvdp.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("io.nvdp.bootstrap..");

    private static ArchRule adapterIsAlone(String adapter) {
        String[] others = ADAPTERS.stream().filter(a -> !a.equals(adapter)).toArray(String[]::new);
        return noClasses()
                .that().resideInAPackage(adapter)
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("an adapter depends on the domain and libraries, never on another adapter");
    }
}
