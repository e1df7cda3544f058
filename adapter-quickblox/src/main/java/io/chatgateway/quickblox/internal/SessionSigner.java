package io.chatgateway.quickblox.internal;

import io.chatgateway.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of {@code POST /session.json}: every parameter except {@code signature} as {@code key=value}
 * (nested ones as {@code user[login]=...}), the pairs sorted alphabetically and joined with {@code &}, HMAC-SHA1
 * with the application's auth secret, in lower-case hex.
 */
final class SessionSigner {

    private SessionSigner() {
    }

    /**
     * @param params flattened parameters, without {@code signature}
     * @return the text that is signed
     */
    static String canonical(Map<String, String> params) {
        return params.entrySet().stream()
                .filter(e -> !e.getKey().equals("signature"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .collect(Collectors.joining("&"));
    }

    /**
     * @param params     flattened parameters, without {@code signature}
     * @param authSecret the application's auth secret
     * @return the signature, lower-case hex
     */
    static String sign(Map<String, String> params, Secret authSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authSecret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(canonical(params).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
        }
    }
}
