package io.chatgateway.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Lets {@link io.chatgateway.spi.SharedCredential} report a renewal after the provider rejected a credential,
 * to the account whose operation the current thread works for (nothing happens without a listener).
 * Not part of the API: the package is not exported.
 */
public final class CredentialRenewals {

    private CredentialRenewals() {}

    /** @param renewal the renewal that was just started because the provider rejected the credential */
    public static void started(CompletableFuture<?> renewal) {
        CallScope scope = CallContext.scope();
        if (scope != null) {
            AccountMonitor monitor = scope.monitor();
            renewal.whenComplete((v, e) -> monitor.reauthenticated(e == null));
        }
    }
}
