package io.chatgateway;

/**
 * The account's provider does not support the capability asked for. Raised before any network call;
 * {@link ChatGateway#capabilities(String)} tells in advance. Not retryable.
 */
public class UnsupportedCapabilityException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    private final Capability capability;

    /**
     * @param capability the capability asked for
     * @param details    the account and provider
     */
    public UnsupportedCapabilityException(Capability capability, ErrorDetails details) {
        super("The " + details.provider() + " provider of account '" + details.account()
                + "' does not support " + capability + ".", details, false, null);
        this.capability = capability;
    }

    /** @return the capability that was asked for */
    public Capability capability() {
        return capability;
    }
}
