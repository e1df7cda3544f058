package io.chatgateway.quickblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionSignerTest {

    @Test
    void should_sort_pairs_and_nest_user_credentials_as_brackets() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("user[password]", "agent-password");
        p.put("timestamp", "1567349756");
        p.put("user[login]", "agent");
        p.put("nonce", "7334");
        p.put("auth_key", "demo-auth-key");
        p.put("application_id", "76730");
        p.put("signature", "ignored");
        assertThat(SessionSigner.canonical(p)).isEqualTo("application_id=76730&auth_key=demo-auth-key&nonce=7334"
                + "&timestamp=1567349756&user[login]=agent&user[password]=agent-password");
    }

    @Test
    void should_match_an_hmac_sha1_vector_computed_with_openssl() {
        // printf '%s' 'application_id=22&auth_key=wJHd4cQSxpQGWx5&nonce=33432&timestamp=1326966962' | openssl dgst -sha1 -hmac BTFsj7Rtt27DAmT
        Map<String, String> p = Map.of("application_id", "22", "auth_key", "wJHd4cQSxpQGWx5", "nonce", "33432",
                "timestamp", "1326966962");
        assertThat(SessionSigner.sign(p, Secret.of("BTFsj7Rtt27DAmT"))).isEqualTo("4878e47c6d30c6477c2b474203561042eabcd26c");
    }

    @Test
    void should_sign_a_user_login_like_openssl_does() {
        Map<String, String> p = Map.of("application_id", "76730", "auth_key", "demo-auth-key", "nonce", "7334",
                "timestamp", "1567349756", "user[login]", "agent", "user[password]", "agent-password");
        assertThat(SessionSigner.sign(p, Secret.of("demo-auth-secret"))).isEqualTo("2f4c9a03253f4a1ed4543c1db2239b6d1004a8e3");
    }
}
