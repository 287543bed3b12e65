package io.nvdp.adapters.config.manager;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the plugin's config file pointing at the config the node label selects (upstream cmd/config-manager).
 *
 * <p>Each label value is turned into a selection ({@link ConfigSelector}), the destination symlink is swapped
 * ({@link ConfigLink}) and, when it changed and signalling is on, the plugin process is signalled.
 *
 * <p>Error policy: a selection or link error ends {@link #run()} with exit code 1, as upstream. The symlink is
 * left as it was, so the plugin keeps its current config; kubelet restarts the sidecar with back-off, which
 * re-reads the ConfigMap and the label (so fixing either recovers), and the failure stays visible as a
 * crash-looping sidecar instead of a log line nobody reads. Signalling failures (no such process, kill
 * refused) are only logged: the link is already swapped and our plugin reloads on the file change by itself,
 * while a restart would not re-send the signal anyway ("Already configured").
 */
public final class ConfigManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigManager.class);

    private final ConfigManagerFlags flags;
    private final NodeLabelSource labels;
    private final ConfigSelector selector;
    private final ConfigLink link;
    private final ProcessTable processes;
    private final ProcessSignaller signaller;
    private final long selfPid;

    /**
     * @param labels     the label source; {@link #run()} starts and closes it
     * @param processes  where to look for the process to signal
     * @param signaller  how to signal it
     * @param selfPid    this process, never signalled (its own command line names the plugin jar)
     */
    public ConfigManager(ConfigManagerFlags flags, NodeLabelSource labels, ProcessTable processes,
                         ProcessSignaller signaller, long selfPid) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.processes = Objects.requireNonNull(processes, "processes");
        this.signaller = Objects.requireNonNull(signaller, "signaller");
        this.selfPid = selfPid;
        this.selector = new ConfigSelector(flags.defaultConfig(), flags.fallbackStrategies());
        this.link = new ConfigLink(flags.configFileSrcdir(), flags.configFileDst());
    }

    /**
     * Applies the label's config once (oneshot) or for every label change until {@link #close()}.
     *
     * @return 0 after a oneshot update or when closed; 1 after an error (logged as one line)
     */
    public int run() {
        for (String unknown : selector.unknownFallbackStrategies()) {
            LOG.warn("Unknown fallback strategy '{}' in --fallback-strategies; it fails if it is ever reached", unknown);
        }
        try {
            labels.start();
            while (true) {
                LOG.info("Waiting for change to '{}' label", flags.nodeLabel());
                Optional<String> value = labels.next();
                if (value.isEmpty()) {
                    LOG.info("Stopped");
                    return 0;
                }
                LOG.info("Label change detected: {}={}", flags.nodeLabel(), value.get());
                update(value.get());
                if (flags.oneshot()) {
                    return 0;
                }
            }
        } catch (ConfigManagerException e) {
            LOG.error(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("Interrupted");
            return 0;
        } finally {
            labels.close();
        }
    }

    /** Stops a running {@link #run()}, which then returns 0. */
    @Override
    public void close() {
        labels.close();
    }

    /** Selects and applies the config for one label value; signals the plugin when the link changed. */
    void update(String labelValue) {
        if (labelValue.isEmpty()) {
            if (flags.defaultConfig().isEmpty()) {
                LOG.info("No value set and no default set. Attempting fallback strategies: {}", flags.fallbackStrategies());
            } else {
                LOG.info("No value set. Selecting default name: {}", flags.defaultConfig());
            }
        }
        ConfigSelection selection = selector.select(labelValue, AvailableConfigs.in(flags.configFileSrcdir()));
        LOG.info("Updating to {} ({})", selection.describe(), selection.reason().description());
        if (link.pointTo(selection) == ConfigLink.Outcome.ALREADY_CONFIGURED) {
            LOG.info("Already configured. Skipping update...");
            return;
        }
        LOG.info("Successfully updated to {}", selection.describe());
        if (flags.sendSignal()) {
            signalPlugin();
        }
    }

    private void signalPlugin() {
        LOG.info("Sending signal '{}' to '{}'", signalName(flags.signal()), flags.processToSignal());
        List<ProcessTable.Process> targets;
        try {
            targets = processes.find(new ProcessMatcher(flags.processToSignal()), selfPid);
        } catch (ConfigManagerException e) {
            LOG.warn("Not signalling: {}", e.getMessage());
            return;
        }
        if (targets.isEmpty()) {
            LOG.warn("Not signalling: error finding pid: no process found named '{}'", flags.processToSignal());
            return;
        }
        boolean allSent = true;
        for (ProcessTable.Process target : targets) {
            try {
                signaller.signal(target.pid(), flags.signal());
            } catch (ConfigManagerException e) {
                allSent = false;
                LOG.warn("pid {}: {}", target.pid(), e.getMessage());
            }
        }
        if (allSent) {
            LOG.info("Successfully sent signal");
        }
    }

    /** Go prints signals by name ("hangup"); we print the usual SIG name with the number. */
    static String signalName(int signal) {
        String name = switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 9 -> "SIGKILL";
            case 10 -> "SIGUSR1";
            case 12 -> "SIGUSR2";
            case 15 -> "SIGTERM";
            default -> null;
        };
        return name == null ? Integer.toString(signal) : name + " (" + signal + ")";
    }
}
