package io.chatgateway.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One gateway operation as its adapter code sees it, made only when a listener is registered: counts the
 * operation's request attempts (its value) and knows the account's monitor, so that work the adapter does on
 * the operation's behalf (a credential renewal) can be reported.
 */
final class CallScope extends AtomicInteger {

    private static final long serialVersionUID = 1L;

    private final transient AccountMonitor monitor;

    CallScope(AccountMonitor monitor) {
        this.monitor = monitor;
    }

    AccountMonitor monitor() {
        return monitor;
    }
}
