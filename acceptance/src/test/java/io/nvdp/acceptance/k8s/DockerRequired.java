package io.nvdp.acceptance.k8s;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables a test class when Testcontainers finds no Docker daemon, with {@link #REASON} as the skip message.
 *
 * <p>Surefire puts a skip message only into the XML report, and the build redirects test output to files, so the
 * reason is also written once to the test JVM's own stderr, which surefire copies to the build log: a CI run
 * without Docker then says why the k3s tests did not run.
 */
final class DockerRequired implements ExecutionCondition {
    static final String REASON = "Docker is not available: k3s acceptance skipped";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (dockerAvailable()) {
            return ConditionEvaluationResult.enabled("Docker is available");
        }
        String reason = REASON + " (" + context.getDisplayName() + " needs a Docker daemon on this host)";
        @SuppressWarnings("resource") // the process's stderr stays open
        PrintStream nativeErr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        nativeErr.println("[WARNING] " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
