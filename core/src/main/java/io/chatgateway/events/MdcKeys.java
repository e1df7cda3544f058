package io.chatgateway.events;

/**
 * Keys of the SLF4J MDC entries the gateway sets around every provider call (the adapter's work and each
 * HTTP exchange), so that log patterns can show them, e.g. {@code %X{chatgateway.account}}. The previous
 * values are restored afterwards. Nothing is set when the SLF4J binding has no MDC.
 */
public final class MdcKeys {

    /** The account name the application configured. */
    public static final String ACCOUNT = "chatgateway.account";
    /** The provider id ({@code navixy}, {@code smsbat}, {@code quickblox}, ...). */
    public static final String PROVIDER = "chatgateway.provider";
    /** The gateway operation ({@link io.chatgateway.Operation#id()}). */
    public static final String OPERATION = "chatgateway.operation";

    private MdcKeys() {}
}
