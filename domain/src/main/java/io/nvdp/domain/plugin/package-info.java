/**
 * One {@link io.nvdp.domain.plugin.ResourceDevicePlugin} per resource of a
 * {@link io.nvdp.domain.plan.ResourcePlan}: Allocate, GetPreferredAllocation and ListAndWatch answered
 * from memory. Wiring, per start or reload:
 * <pre>
 * ResourcePlan plan = ResourcePlan.of(inventory.discover(), config);
 * HealthTracker tracker = new HealthTracker(node, XidPolicy.parse(disable, enable), recovery, clock, log::info);
 * for (ResourceDevices r : plan.resources()) {
 *     ResourceDevicePlugin p = new ResourceDevicePlugin(r, config, node.topology(), deviceNodes,
 *             () -> UUID.randomUUID().toString());
 *     tracker.register(p);   // then serve p over gRPC
 * }
 * HealthEvents.Watch w = healthEvents.start(node, tracker);   // unless XidPolicy.isDisabled()
 * </pre>
 */
package io.nvdp.domain.plugin;
