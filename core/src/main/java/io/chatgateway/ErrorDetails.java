package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * Where an error happened: the account, provider and gateway operation, plus what the provider said.
 *
 * <p>Every component is optional ({@code null} when unknown): an input error raised before
 * an account is resolved has no account, a transport failure has no provider code.
 *
 * @param account      the account name the application registered
 * @param provider     the provider id ({@code navixy}, {@code smsbat}, {@code quickblox}, ...)
 * @param operation    the gateway operation ({@link Operation#id()} gives its name)
 * @param providerCode the provider's own error code as text
 * @param httpStatus   the HTTP status of the provider's answer
 */
public record ErrorDetails(@Nullable String account, @Nullable String provider, @Nullable Operation operation, @Nullable String providerCode, @Nullable Integer httpStatus) {

    /** Details with nothing known. */
    public static final ErrorDetails NONE = new ErrorDetails(null, null, null, null, null);

    /**
     * Details of one operation on one account, with no provider answer yet.
     *
     * @param account   account name
     * @param provider  provider id
     * @param operation the operation
     * @return the details
     */
    public static ErrorDetails of(@Nullable String account, @Nullable String provider, @Nullable Operation operation) {
        return new ErrorDetails(account, provider, operation, null, null);
    }

    /**
     * @param code the provider's error code
     * @return a copy carrying that code
     */
    public ErrorDetails withProviderCode(@Nullable String code) {
        return new ErrorDetails(account, provider, operation, code, httpStatus);
    }

    /**
     * @param status the HTTP status
     * @return a copy carrying that status
     */
    public ErrorDetails withHttpStatus(@Nullable Integer status) {
        if (java.util.Objects.equals(status, httpStatus)) {
            return this; // immutable: the same details serve every answer with that status
        }
        return new ErrorDetails(account, provider, operation, providerCode, status);
    }

    /**
     * @param operationName the operation
     * @return a copy carrying that operation
     */
    public ErrorDetails withOperation(@Nullable Operation operationName) {
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
