package io.chatgateway;

/**
 * Where an error happened: the account, provider and gateway operation, plus what the provider said.
 *
 * <p>Every component is optional ({@code null} when unknown): an input error raised before
 * an account is resolved has no account, a transport failure has no provider code.
 *
 * @param account      the account name the application registered, or {@code null}
 * @param provider     the provider id ({@code navixy}, {@code smsbat}, {@code quickblox}, ...), or {@code null}
 * @param operation    the gateway operation ({@link Operation#id()} gives its name), or {@code null}
 * @param providerCode the provider's own error code as text, or {@code null}
 * @param httpStatus   the HTTP status of the provider's answer, or {@code null}
 */
public record ErrorDetails(String account, String provider, Operation operation, String providerCode, Integer httpStatus) {

    /** Details with nothing known. */
    public static final ErrorDetails NONE = new ErrorDetails(null, null, null, null, null);

    /**
     * Details of one operation on one account, with no provider answer yet.
     *
     * @param account   account name, may be {@code null}
     * @param provider  provider id, may be {@code null}
     * @param operation the operation, may be {@code null}
     * @return the details
     */
    public static ErrorDetails of(String account, String provider, Operation operation) {
        return new ErrorDetails(account, provider, operation, null, null);
    }

    /**
     * @param code the provider's error code, may be {@code null}
     * @return a copy carrying that code
     */
    public ErrorDetails withProviderCode(String code) {
        return new ErrorDetails(account, provider, operation, code, httpStatus);
    }

    /**
     * @param status the HTTP status, may be {@code null}
     * @return a copy carrying that status
     */
    public ErrorDetails withHttpStatus(Integer status) {
        return new ErrorDetails(account, provider, operation, providerCode, status);
    }

    /**
     * @param operationName the operation, may be {@code null}
     * @return a copy carrying that operation
     */
    public ErrorDetails withOperation(Operation operationName) {
        return new ErrorDetails(account, provider, operationName, providerCode, httpStatus);
    }

    /** @return a short "where" phrase such as {@code navixy account 'fleet' (send)} for messages */
    String where() {
        StringBuilder sb = new StringBuilder();
        if (provider != null) {
            sb.append(provider).append(' ');
        }
        if (account != null) {
            sb.append("account '").append(account).append("'");
        }
        if (operation != null) {
            sb.append(sb.length() == 0 ? "" : " ").append('(').append(operation).append(')');
        }
        return sb.toString().trim();
    }
}
