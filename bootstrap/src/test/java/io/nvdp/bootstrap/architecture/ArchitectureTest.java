package io.nvdp.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.nvdp.adapters.cdi.archviolation.CdiAdapterReachingIntoNvml;
import io.nvdp.adapters.nvml.archviolation.NvmlAdapterReachingIntoConfig;
import io.nvdp.domain.archviolation.DomainClassUsingGuice;
import io.nvdp.domain.archviolation.DomainClassWithStaticState;
import io.nvdp.domain.archviolation.DomainClassDoingIo;
import io.nvdp.domain.archviolation.DomainClassReadingYaml;
import io.nvdp.yaml.archviolation.YamlLibraryReachingIntoTheDomain;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the production code to the dependency rules, and proves each rule can fail by running it
 * against small violating classes kept in this module's test sources.
 */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.nvdp");
    }

    @Test
    void productionCodeContainsEveryModule() {
        List<String> packages = List.of("io.nvdp.domain", "io.nvdp.adapters.grpc", "io.nvdp.adapters.nvml",
                "io.nvdp.adapters.config", "io.nvdp.adapters.kubernetes", "io.nvdp.adapters.cdi", "io.nvdp.simulator",
                "io.nvdp.bootstrap", "io.nvdp.yaml");
        for (String pkg : packages) {
            assertThat(production.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                    .as("classes of %s were imported", pkg).isTrue();
        }
    }

    @Test
    void domainUsesJdkOnly() {
        ArchitectureRules.DOMAIN_USES_JDK_ONLY.check(production);
    }

    @Test
    void domainDoesNoIo() {
        ArchitectureRules.DOMAIN_DOES_NO_IO.check(production);
    }

    @Test
    void domainHasNoStaticState() {
        ArchitectureRules.DOMAIN_HAS_NO_STATIC_STATE.check(production);
    }

    @Test
    void adaptersNeverDependOnEachOther() {
        ArchitectureRules.GRPC_ADAPTER_IS_ALONE.check(production);
        ArchitectureRules.NVML_ADAPTER_IS_ALONE.check(production);
        ArchitectureRules.CONFIG_ADAPTER_IS_ALONE.check(production);
        ArchitectureRules.KUBERNETES_ADAPTER_IS_ALONE.check(production);
        ArchitectureRules.CDI_ADAPTER_IS_ALONE.check(production);
        ArchitectureRules.SIMULATOR_USES_ONLY_GRPC_API.check(production);
    }

    @Test
    void onlyAdaptersReadYaml() {
        ArchitectureRules.DOMAIN_READS_NO_YAML.check(production);
        ArchitectureRules.YAML_LIBRARY_IS_A_LEAF.check(production);
    }

    @Test
    void onlyBootstrapKnowsGuice() {
        ArchitectureRules.ONLY_BOOTSTRAP_KNOWS_GUICE.check(production);
    }

    @Test
    void nothingDependsOnBootstrap() {
        ArchitectureRules.NOTHING_DEPENDS_ON_BOOTSTRAP.check(production);
    }

    // The rules are only worth something if they can fail: each violating fixture must be caught.

    @Test
    void aDomainClassImportingGuiceIsCaught() {
        JavaClasses bad = new ClassFileImporter().importClasses(DomainClassUsingGuice.class);
        assertViolated(ArchitectureRules.DOMAIN_USES_JDK_ONLY, bad);
        assertViolated(ArchitectureRules.ONLY_BOOTSTRAP_KNOWS_GUICE, bad);
    }

    @Test
    void aDomainClassDoingIoIsCaught() {
        assertViolated(ArchitectureRules.DOMAIN_DOES_NO_IO,
                new ClassFileImporter().importClasses(DomainClassDoingIo.class));
    }

    @Test
    void aDomainClassWithStaticMutableStateIsCaught() {
        assertViolated(ArchitectureRules.DOMAIN_HAS_NO_STATIC_STATE,
                new ClassFileImporter().importClasses(DomainClassWithStaticState.class));
    }

    @Test
    void anAdapterImportingAnotherAdapterIsCaught() {
        assertViolated(ArchitectureRules.NVML_ADAPTER_IS_ALONE,
                new ClassFileImporter().importClasses(NvmlAdapterReachingIntoConfig.class));
        assertViolated(ArchitectureRules.CDI_ADAPTER_IS_ALONE,
                new ClassFileImporter().importClasses(CdiAdapterReachingIntoNvml.class));
    }

    @Test
    void aDomainClassReadingYamlIsCaught() {
        JavaClasses bad = new ClassFileImporter().importClasses(DomainClassReadingYaml.class);
        assertViolated(ArchitectureRules.DOMAIN_READS_NO_YAML, bad);
        assertViolated(ArchitectureRules.DOMAIN_USES_JDK_ONLY, bad);
    }

    @Test
    void theYamlLibraryKnowingTheDomainIsCaught() {
        assertViolated(ArchitectureRules.YAML_LIBRARY_IS_A_LEAF,
                new ClassFileImporter().importClasses(YamlLibraryReachingIntoTheDomain.class));
    }

    private static void assertViolated(ArchRule rule, JavaClasses classes) {
        assertThat(rule.evaluate(classes).hasViolation())
                .as("rule '%s' flags the violating fixture", rule.getDescription())
                .isTrue();
    }
}
