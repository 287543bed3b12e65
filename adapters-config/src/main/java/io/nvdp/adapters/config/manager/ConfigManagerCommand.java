package io.nvdp.adapters.config.manager;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code config-manager} subcommand:
 * {@code java -jar nvidia-device-plugin-config-manager.jar config-manager [flags]}.
 * Runs the chart's init container (ONESHOT=true, SEND_SIGNAL=false) and sidecar (ONESHOT=false, SEND_SIGNAL=true).
 */
public final class ConfigManagerCommand {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigManagerCommand.class);

    private ConfigManagerCommand() {
    }

    /**
     * @param args the arguments after {@code config-manager}
     * @param env  the environment (normally {@code System.getenv()})
     * @return the process exit code: 0 on success or {@code --help}, 1 on any error
     */
    public static int run(List<String> args, Map<String, String> env) {
        ConfigManagerFlags flags;
        try {
            flags = ConfigManagerFlags.parse(args, env);
        } catch (ConfigManagerFlags.HelpRequested help) {
            System.out.print(help.getMessage());
            return 0;
        } catch (ConfigManagerException e) {
            LOG.error(e.getMessage());
            return 1;
        }
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder().withConfig(clientConfig(flags.kubeconfig())).build();
        } catch (ConfigManagerException e) {
            LOG.error(e.getMessage());
            return 1;
        } catch (KubernetesClientException e) {
            LOG.error("error building kubernetes client: {}", e.getMessage());
            return 1;
        }
        try (client;
             var manager = new ConfigManager(flags, new NodeLabelInformer(client, flags.nodeName(), flags.nodeLabel()),
                     ProcessTable.system(), ProcessSignaller.system(env), ProcessHandle.current().pid())) {
            return manager.run();
        }
    }

    /** "" = fabric8's auto-configuration (in-cluster service account, else ~/.kube/config); else that file. */
    static Config clientConfig(String kubeconfig) {
        if (kubeconfig.isEmpty()) {
            return Config.autoConfigure(null);
        }
        Path file = Path.of(kubeconfig);
        try {
            return Config.fromKubeconfig(null, Files.readString(file), file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new ConfigManagerException("error building kubernetes clientcmd config: cannot read kubeconfig '"
                    + kubeconfig + "': " + AvailableConfigs.describe(e), e);
        } catch (KubernetesClientException e) {
            throw new ConfigManagerException("error building kubernetes clientcmd config: " + e.getMessage(), e);
        }
    }
}
