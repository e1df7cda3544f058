package io.chatgateway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.AuthenticationException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.fake.TestTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedCredentialTest {

    private static final ErrorDetails D = ErrorDetails.of("acc", "prov", io.chatgateway.Operation.AUTHENTICATE);
    private static final Predicate<Throwable> EXPIRED = t -> t instanceof AuthenticationException a
            && a.getMessage().contains("expired");

    private final TestTime time = new TestTime();
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final AtomicInteger logins = new AtomicInteger();
    private volatile String valid = "token-1";
    private final CountDownLatch allIssued = new CountDownLatch(1);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** The provider: accepts only the currently valid token, answering asynchronously. */
    private CompletableFuture<String> request(String token) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                allIssued.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!token.equals(valid)) {
                throw new AuthenticationException("Session expired.", D);
            }
            return "ok:" + token;
        }, pool);
    }

    /** Re-authentication: slow enough that every caller piles up behind it. */
    private CompletableFuture<SharedCredential.Lease<String>> login(CountDownLatch release) {
        int n = logins.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String fresh = "token-" + (n + 1);
            valid = fresh;
            return new SharedCredential.Lease<>(fresh, null);
        }, pool);
    }

    @Test
    void should_reauthenticate_once_for_50_concurrent_callers_and_replay_each_once() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        SharedCredential<String> credential = SharedCredential.obtainedBy(() -> first.getAndSet(false)
                ? CompletableFuture.completedFuture(new SharedCredential.Lease<>("token-1", null))
                : login(release), time, Duration.ZERO, D);
        assertThat(credential.get().join()).isEqualTo("token-1");
        // now the token expires at the provider
        valid = "nobody-has-this";
        Map<String, AtomicInteger> requestsPerToken = new ConcurrentHashMap<>();
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(credential.call(token -> {
                requestsPerToken.computeIfAbsent(token, k -> new AtomicInteger()).incrementAndGet();
                return request(token);
            }, EXPIRED));
        }
        assertThat(requestsPerToken.get("token-1")).as("all 50 started with the stale token").hasValue(50);
        allIssued.countDown();
        Thread.sleep(20); // most rejections now pile up behind the one login
        release.countDown();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(calls).allSatisfy(c -> assertThat(c.join()).isEqualTo("ok:token-2"));
        assertThat(logins).as("re-authentications").hasValue(1);
        assertThat(requestsPerToken.get("token-1")).hasValue(50);
        assertThat(requestsPerToken.get("token-2")).as("one replay each").hasValue(50);
    }

    @Test
    void should_give_up_with_authentication_exception_when_the_fresh_credential_is_rejected_too() {
        AtomicInteger requests = new AtomicInteger();
        SharedCredential<String> credential = SharedCredential.obtainedBy(() -> {
            logins.incrementAndGet();
            return CompletableFuture.completedFuture(new SharedCredential.Lease<>("t" + logins.get(), null));
        }, time, Duration.ZERO, D);
        CompletableFuture<String> call = credential.call(token -> {
            requests.incrementAndGet();
            return CompletableFuture.failedFuture(new AuthenticationException("Session expired.", D));
        }, EXPIRED);
        assertThatThrownBy(call::join).hasCauseInstanceOf(AuthenticationException.class)
                .hasMessageContaining("freshly renewed credential");
        assertThat(requests).as("first try and one replay, no loop").hasValue(2);
        assertThat(logins).hasValue(2);
    }

    @Test
    void should_fail_every_waiter_when_reauthentication_fails_and_try_again_on_the_next_call() {
        AtomicInteger attempt = new AtomicInteger();
        CompletableFuture<SharedCredential.Lease<String>> failing = new CompletableFuture<>();
        SharedCredential<String> credential = SharedCredential.obtainedBy(() -> attempt.incrementAndGet() == 1
                ? failing
                : CompletableFuture.completedFuture(new SharedCredential.Lease<>("good", null)), time, Duration.ZERO, D);
        List<CompletableFuture<String>> waiters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiters.add(credential.call(token -> CompletableFuture.completedFuture("ok:" + token), EXPIRED));
        }
        failing.completeExceptionally(new ProviderUnavailableException("Login endpoint down.", D));
        assertThat(waiters).allSatisfy(w -> assertThatThrownBy(w::join).hasCauseInstanceOf(ProviderUnavailableException.class));
        assertThat(attempt).hasValue(1);
        assertThat(credential.call(token -> CompletableFuture.completedFuture("ok:" + token), EXPIRED).join())
                .isEqualTo("ok:good");
        assertThat(attempt).hasValue(2);
    }

    @Test
    void should_wrap_an_unexpected_authenticator_failure_without_its_message() {
        SharedCredential<String> credential = SharedCredential.obtainedBy(() -> {
            throw new IllegalStateException("password=hunter2");
        }, time, Duration.ZERO, D);
        assertThatThrownBy(() -> credential.get().join()).hasCauseInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void should_renew_ahead_of_a_known_expiry() {
        SharedCredential<String> credential = SharedCredential.obtainedBy(() -> {
            int n = logins.incrementAndGet();
            return CompletableFuture.completedFuture(new SharedCredential.Lease<>("t" + n, time.instant().plusSeconds(3600)));
        }, time, Duration.ofMinutes(5), D);
        assertThat(credential.get().join()).isEqualTo("t1");
        time.advance(Duration.ofMinutes(54));
        assertThat(credential.get().join()).isEqualTo("t1");
        time.advance(Duration.ofMinutes(1));
        assertThat(credential.get().join()).isEqualTo("t2");
        credential.invalidate();
        assertThat(credential.get().join()).isEqualTo("t3");
    }

    @Test
    void should_not_renew_a_fixed_credential() {
        SharedCredential<String> credential = SharedCredential.fixed("api-key", D);
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<String> call = credential.call(token -> {
            requests.incrementAndGet();
            return CompletableFuture.failedFuture(new AuthenticationException("Session expired.", D));
        }, EXPIRED);
        assertThatThrownBy(call::join).hasCauseInstanceOf(AuthenticationException.class)
                .hasMessageContaining("cannot be renewed");
        assertThat(requests).hasValue(1);
        assertThat(credential.call(CompletableFuture::completedFuture, EXPIRED).join()).isEqualTo("api-key");
    }

    @Test
    void should_pass_other_failures_through_without_renewing() {
        SharedCredential<String> credential = SharedCredential.obtainedBy(() -> {
            logins.incrementAndGet();
            return CompletableFuture.completedFuture(new SharedCredential.Lease<>("t", null));
        }, time, Duration.ZERO, D);
        assertThatThrownBy(() -> credential.call(token -> CompletableFuture.<String>failedFuture(
                new ProviderUnavailableException("Down.", D)), EXPIRED).join())
                .hasCauseInstanceOf(ProviderUnavailableException.class);
        assertThat(logins).hasValue(1);
    }
}
