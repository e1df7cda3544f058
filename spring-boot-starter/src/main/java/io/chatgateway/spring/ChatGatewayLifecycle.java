package io.chatgateway.spring;

import io.chatgateway.ChatGateway;
import io.chatgateway.inbox.InboxHandler;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.inbox.InboxSubscription;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.store.InboxStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts, with the application context, a push-mode inbox for every {@link InboxHandler} bean (the inbox is
 * named after the bean, so its checkpoints survive restarts) and the outbox's worker; stops them first when
 * the context closes. Stopping an inbox commits what its handler finished, so a clean shutdown redelivers
 * nothing; stopping the outbox waits for the sends in flight.
 */
final class ChatGatewayLifecycle implements SmartLifecycle {

    private final ChatGateway gateway;
    private final ListableBeanFactory beans;
    private final StarterSettings settings;
    private final InboxStore inboxStore;
    private final @Nullable Outbox outbox;
    private final List<InboxSubscription> inboxes = new ArrayList<>();
    private volatile boolean running;

    ChatGatewayLifecycle(ChatGateway gateway, ListableBeanFactory beans, StarterSettings settings, InboxStore inboxStore,
                         @Nullable Outbox outbox) {
        this.gateway = gateway;
        this.beans = beans;
        this.settings = settings;
        this.inboxStore = inboxStore;
        this.outbox = outbox;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (settings.inboxEnabled()) {
            for (Map.Entry<String, InboxHandler> e : beans.getBeansOfType(InboxHandler.class).entrySet()) {
                InboxOptions options = settings.inbox(e.getKey(), inboxStore);
                inboxes.add(gateway.inbox(options).start(e.getValue()));
            }
        }
        if (outbox != null && settings.outboxAutoStart()) {
            outbox.start();
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        for (InboxSubscription s : inboxes) {
            s.close(); // stops, commits what was handled, waits for the loops
        }
        inboxes.clear();
        if (outbox != null) {
            outbox.close(); // stops the worker, waits for sends in flight
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** @return the running inbox subscriptions (for tests) */
    synchronized List<InboxSubscription> inboxes() {
        return List.copyOf(inboxes);
    }
}
