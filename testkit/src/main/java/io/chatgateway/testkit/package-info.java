/**
 * Test support for adapters and users: {@link io.chatgateway.testkit.SimulatorServer} (base of the
 * stateful provider simulators, with fault injection), {@link io.chatgateway.testkit.FakeTime} (a clock
 * and sleeper that never wait) and the adapter conformance kit
 * {@link io.chatgateway.testkit.ChatProviderConformanceKit}.
 */
@NullMarked
package io.chatgateway.testkit;

import org.jspecify.annotations.NullMarked;
