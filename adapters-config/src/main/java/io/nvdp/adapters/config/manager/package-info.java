/**
 * The node-label config manager (upstream cmd/config-manager), run as
 * {@code nvidia-device-plugin config-manager [flags]} by the chart's init container and sidecar.
 *
 * <p>Entry point: {@link io.nvdp.adapters.config.manager.ConfigManagerCommand#run(java.util.List, java.util.Map)}.
 * Pieces: {@link io.nvdp.adapters.config.manager.ConfigManagerFlags} (flags over env over defaults),
 * {@link io.nvdp.adapters.config.manager.ConfigSelector} (pure selection rules),
 * {@link io.nvdp.adapters.config.manager.ConfigLink} (atomic symlink swap),
 * {@link io.nvdp.adapters.config.manager.ProcessTable} and
 * {@link io.nvdp.adapters.config.manager.ProcessSignaller} (finding and signalling the plugin),
 * {@link io.nvdp.adapters.config.manager.NodeLabelInformer} (fabric8 informer on the node), and
 * {@link io.nvdp.adapters.config.manager.ConfigManager} (the loop).
 *
 * <p>Differences from upstream, all deliberate: the destination link is replaced atomically (rename) and is
 * absolute; the first label read waits for the informer's initial sync (never blocks on an unset label, never
 * returns "" before a set label is seen); a missing default config is reported by its own name; signalling
 * failures are warnings, not exits; every process matching the name is signalled, including a java process
 * running {@code <process-to-signal>.jar} that is not itself a config-manager run.
 */
package io.nvdp.adapters.config.manager;
