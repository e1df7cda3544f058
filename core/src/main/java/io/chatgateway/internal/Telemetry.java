package io.chatgateway.internal;

import io.chatgateway.ChatGatewayException;
import io.chatgateway.events.GatewayEvent;
import io.chatgateway.events.GatewayListener;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's registered listeners. {@link #active()} is false without listeners, and callers then build no
 * event at all, so a gateway nobody listens to pays nothing. A listener's exception never reaches the call:
 * it is logged, the first of each listener at WARN. Thread-safe.
 */
final class Telemetry {

    private static final Logger LOG = LoggerFactory.getLogger("io.chatgateway.events");

    /** Error kinds by exception class, computed once per class. */
    private static final ClassValue<String> KINDS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            Class<?> c = type;
            while (c != ChatGatewayException.class && c != CircuitOpenException.class
                    && !c.getPackageName().equals("io.chatgateway")) {
                c = c.getSuperclass();
            }
            String name = c.getSimpleName();
            if (name.endsWith("Exception")) {
                name = name.substring(0, name.length() - "Exception".length());
            }
            return name.isEmpty() || c == ChatGatewayException.class ? "chat_gateway"
                    : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        }
    };

    private final GatewayListener[] listeners;
    private final AtomicBoolean[] warned;

    Telemetry(List<GatewayListener> listeners) {
        this.listeners = listeners.toArray(GatewayListener[]::new);
        this.warned = new AtomicBoolean[this.listeners.length];
        for (int i = 0; i < warned.length; i++) {
            warned[i] = new AtomicBoolean();
        }
    }

    /** @return whether any listener is registered */
    boolean active() {
        return listeners.length > 0;
    }

    /** @param event handed to every listener in registration order; their failures are caught */
    void publish(GatewayEvent event) {
        for (int i = 0; i < listeners.length; i++) {
            try {
                listeners[i].onEvent(event);
            } catch (RuntimeException | LinkageError e) {
                if (warned[i].compareAndSet(false, true)) {
                    LOG.warn("Gateway listener {} failed on {}; the call goes on (later failures of this listener"
                            + " are logged at DEBUG).", listeners[i].getClass().getName(),
                            event.getClass().getSimpleName(), e);
                } else if (LOG.isDebugEnabled()) {
                    LOG.debug("Gateway listener {} failed on {}.", listeners[i].getClass().getName(),
                            event.getClass().getSimpleName(), e);
                }
            }
        }
    }

    /**
     * @param error a failure, or {@code null} for success
     * @return {@link GatewayEvent#SUCCESS}, the error kind in lower snake case, or {@code unexpected}
     */
    static String outcome(Throwable error) {
        if (error == null) {
            return GatewayEvent.SUCCESS;
        }
        return error instanceof ChatGatewayException ? KINDS.get(error.getClass()) : "unexpected";
    }
}
