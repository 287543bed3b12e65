package io.nvdp.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The vocabulary of the gpu-feature-discovery features: the packaged jar's {@code gpu-feature-discovery}
 * command on the scenario's node (simulated, or the fake NVML in tier 2), writing its feature file.
 */
public class LabellerSteps {
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final NodeTier tier = NodeTier.current();
    private Path dir;
    private String node;
    private final List<String> flags = new ArrayList<>();
    private final Map<String, Path> configs = new LinkedHashMap<>();
    private Path configLink;
    private Path featureFile;
    private PluginProcess labeller;
    private Integer exitCode;

    @Before
    public void createWorkDirectory() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp-gfd-");
        featureFile = Files.createDirectories(dir.resolve("features.d")).resolve("gfd");
    }

    @After
    public void stop() throws Exception {
        if (labeller != null) {
            labeller.close();
        }
        PluginProcess.deleteTree(dir);
    }

    // ---- Given ----

    @Given("gpu-feature-discovery runs on the simulated node {string}")
    public void runsOn(String name) {
        node = name;
    }

    @Given("the machine type file reads {string}")
    public void theMachineTypeFileReads(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("product_name"), content + "\n");
        flags.add("--machine-type-file=" + file);
    }

    @Given("its config file:")
    public void itsConfigFile(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), content, StandardCharsets.UTF_8);
        flags.add("--config-file=" + file);
    }

    @Given("the node's available config {string}:")
    public void anAvailableConfig(String name, String content) throws IOException {
        Path srcdir = Files.createDirectories(dir.resolve("available-configs"));
        configs.put(name, Files.writeString(srcdir.resolve(name), content, StandardCharsets.UTF_8));
    }

    @Given("config-manager has selected {string}")
    public void configManagerHasSelected(String name) throws IOException {
        configLink = Files.createDirectories(dir.resolve("config")).resolve("config.yaml");
        pointConfigAt(name);
        flags.add("--config-file=" + configLink);
    }

    @Given("its flag {string}")
    public void itsFlag(String flag) {
        flags.add(flag);
    }

    // ---- When ----

    @When("it labels the node once")
    public void itLabelsTheNodeOnce() throws Exception {
        start(List.of("--oneshot"));
        exitCode = labeller.awaitExit(EXIT);
    }

    @When("it labels the node every {int} seconds")
    public void itLabelsTheNodeEvery(int seconds) throws Exception {
        start(List.of("--sleep-interval=" + seconds + "s"));
        await().atMost(SETTLE).until(() -> Files.exists(featureFile) || !labeller.isAlive());
        assertThat(labeller.isAlive()).as("labeller still running; log:\n%s", labeller.stderr()).isTrue();
    }

    /** What config-manager does when the node's config label changes: re-point the link, send SIGHUP. */
    @When("config-manager switches the node to {string}")
    public void configManagerSwitchesTo(String name) throws Exception {
        String before = Files.readString(featureFile);
        pointConfigAt(name);
        labeller.signal("HUP");
        await().atMost(SETTLE).until(() -> !Files.readString(featureFile).equals(before));
    }

    private void start(List<String> mode) throws IOException {
        List<String> args = new ArrayList<>(List.of("gpu-feature-discovery", "--no-timestamp",
                "--output-file=" + featureFile));
        args.addAll(mode);
        NodeTier.Launch launch = tier.launch(node, dir);
        // The labeller takes the tier's discovery flags; faults are the plugin's business.
        launch.args().stream().filter(a -> !a.startsWith("--fault-control-socket")).forEach(args::add);
        args.addAll(flags);
        labeller = PluginProcess.start(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), args, launch.env(), dir);
    }

    private void pointConfigAt(String name) throws IOException {
        Path tmp = configLink.resolveSibling("config.yaml.tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, configs.get(name));
        Files.move(tmp, configLink, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    // ---- Then ----

    private Map<String, String> labels() throws IOException {
        Map<String, String> labels = new TreeMap<>();
        for (String line : Files.readAllLines(featureFile)) {
            int eq = line.indexOf('=');
            assertThat(eq).as("a key=value line: %s", line).isPositive();
            labels.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return labels;
    }

    @Then("it exits with code {int}")
    public void itExitsWith(int code) throws Exception {
        assertThat(exitCode).as("exit code; log:\n%s", labeller.stderr()).isEqualTo(code);
    }

    @Then("the node's labels are exactly:")
    public void theLabelsAreExactly(Map<String, String> expected) throws IOException {
        assertThat(labels()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Then("the node's labels include:")
    public void theLabelsInclude(Map<String, String> expected) throws IOException {
        assertThat(labels()).containsAllEntriesOf(expected);
    }

    @Then("the node has no label {string}")
    public void theNodeHasNoLabel(String key) throws IOException {
        assertThat(labels()).doesNotContainKey(key);
    }

    @Then("the feature file is empty")
    public void theFeatureFileIsEmpty() {
        assertThat(featureFile).isEmptyFile();
    }

    @Then("no feature file is written")
    public void noFeatureFileIsWritten() {
        assertThat(featureFile).doesNotExist();
    }

    @Then("its log says {string}")
    public void itsLogSays(String text) throws IOException {
        assertThat(labeller.stderr()).contains(text);
    }

    @Then("its error is the one line {string}")
    public void itsErrorIsTheOneLine(String text) throws IOException {
        String stderr = labeller.stderr();
        assertThat(stderr.lines().filter(l -> l.contains(text))).as("lines with the message in:\n%s", stderr).hasSize(1);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
