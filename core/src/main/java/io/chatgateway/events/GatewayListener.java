package io.chatgateway.events;

/**
 * Receives the gateway's {@link GatewayEvent}s. Register any number with
 * {@link io.chatgateway.ChatGateway.Builder#listener(GatewayListener)}.
 *
 * <p>Contract: {@link #onEvent} is called synchronously on the thread that finished the work (a caller's
 * thread, an HTTP client thread or a gateway thread), possibly from many threads at once, so an
 * implementation must be thread-safe, fast and must not block; hand slow work to your own executor.
 * An exception thrown by a listener never breaks a call: the gateway catches it, logs the first one of each
 * listener at WARN (later ones at DEBUG) on the {@code io.chatgateway.events} logger, and goes on.
 * Events never carry message text, conversation ids or secrets.
 */
@FunctionalInterface
public interface GatewayListener {

    /**
     * Called once per event, in the order the events happened on one call's path.
     *
     * @param event the event, never {@code null}
     */
    void onEvent(GatewayEvent event);
}
