/**
 * The {@code chatgw} command line: picocli commands over {@link io.chatgateway.ChatGateway}, table and
 * JSON Lines output, the sandbox that runs the provider simulators in-process, and the demo tour.
 * Only {@link io.chatgateway.cli.ChatgwCommand} is public.
 */
package io.chatgateway.cli;
