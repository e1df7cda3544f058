/**
 * JMH benchmarks of the chat gateway against a local stub of the providers' HTTP APIs
 * ({@link io.chatgateway.benchmarks.StubServer}): per-call overhead over a raw {@code java.net.http} call,
 * streaming a million messages in a small heap, broadcast fan-out, decoding; {@link io.chatgateway.benchmarks.Suite}
 * runs them all and {@link io.chatgateway.benchmarks.Report} summarises the JMH JSON results.
 */
package io.chatgateway.benchmarks;
