package io.nvdp.acceptance.k8s;

/** A kubeconfig file's text, as the config manager reads it with {@code KUBECONFIG}. */
final class Kubeconfigs {
    private Kubeconfigs() {
    }

    /** One cluster at {@code server}, TLS unchecked, a token the mock server ignores. */
    static String forServer(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                contexts:
                - name: test
                  context:
                    cluster: test
                    user: test
                current-context: test
                users:
                - name: test
                  user:
                    token: not-checked
                """.formatted(server);
    }
}
