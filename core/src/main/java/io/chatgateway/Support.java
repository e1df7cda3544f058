package io.chatgateway;

/**
 * How an account supports a capability.
 */
public enum Support {
    /** One provider call (or a few) does it directly. */
    NATIVE,

    /** The gateway builds it from other provider calls; it works but costs more calls. */
    EMULATED,

    /** Calling it throws {@link UnsupportedCapabilityException} before any network call. */
    UNSUPPORTED;
}
