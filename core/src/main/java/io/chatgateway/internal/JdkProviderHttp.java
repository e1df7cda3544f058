package io.chatgateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.Secret;
import io.chatgateway.spi.ErrorDecoder;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.ProviderHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * {@link ProviderHttp} on the JDK's {@link HttpClient}: builds the request, caps the body, classifies
 * transport failures, and hands every answer to the provider's {@link ErrorDecoder}. Logs method, path,
 * status and timing at DEBUG; never headers, queries or bodies.
 */
final class JdkProviderHttp implements ProviderHttp {

    private static final String USER_AGENT = "chat-gateway/0.1 (java.net.http)";

    private final HttpClient client;
    private final ObjectMapper mapper;
    private final ErrorDecoder decoder;
    private final ErrorDetails details;
    private final Duration requestTimeout;
    private final long maxBytes;
    private final Clock clock;
    private final Logger log;
    private final List<Secret> accountSecrets;
    private final Executor blockingSends;
    private final ResilientCaller resilience;

    /**
     * @param blockingSends where to run blocking sends instead of {@code sendAsync}, or {@code null}
     *                      (see {@link #needsBlockingSends()})
     */
    JdkProviderHttp(HttpClient client, ObjectMapper mapper, ErrorDecoder decoder, ErrorDetails details,
                    Duration requestTimeout, long maxBytes, Clock clock, Logger log, List<Secret> accountSecrets,
                    Executor blockingSends, ResilientCaller resilience) {
        this.client = client;
        this.mapper = mapper;
        this.decoder = decoder;
        this.details = details;
        this.requestTimeout = requestTimeout;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.log = log;
        this.accountSecrets = List.copyOf(accountSecrets);
        this.blockingSends = blockingSends;
        this.resilience = resilience;
    }

    /**
     * Whether {@code HttpClient.sendAsync} would start a new thread for every call: it hands each
     * completion to {@code CompletableFuture}'s default executor, which is a new thread per task when the
     * common pool's parallelism is 1 or less (on 2 CPUs or fewer). There a blocking send on the gateway's
     * pooled threads is much cheaper.
     *
     * @return whether to send blocking on the gateway's executor
     */
    static boolean needsBlockingSends() {
        return ForkJoinPool.getCommonPoolParallelism() <= 1;
    }

    /** Every request takes a rate-limiter permit, is recorded by the circuit breaker and alone is retried. */
    @Override
    public CompletableFuture<HttpAnswer> exchange(HttpCall call) {
        return resilience.request(call.operation(), () -> exchangeOnce(call));
    }

    private CompletableFuture<HttpAnswer> exchangeOnce(HttpCall call) {
        ErrorDetails d = details.withOperation(call.operation());
        HttpRequest request;
        try {
            request = toRequest(call);
        } catch (ChatGatewayException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new InvalidRequestException(
                    "The request " + call + " could not be built: " + e.getMessage(), d));
        }
        long start = System.nanoTime();
        if (log.isDebugEnabled()) {
            log.debug("-> {} {}", call.method(), call.pathForLogs());
        }
        Duration timeout = call.timeout().orElse(requestTimeout);
        AtomicReference<CappedBodySubscriber> body = new AtomicReference<>();
        HttpResponse.BodyHandler<byte[]> handler = CappedBodySubscriber.handler(maxBytes, body::set);
        CompletableFuture<HttpResponse<byte[]>> bounded = new CompletableFuture<>();
        // the JDK's request timeout ends when the headers arrive: this deadline covers the whole exchange, body too
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            HttpTimeoutException late = new HttpTimeoutException("no complete answer within " + timeout);
            if (bounded.completeExceptionally(late)) {
                CappedBodySubscriber s = body.get();
                if (s != null) {
                    s.abort(late);
                }
            }
        });
        CompletableFuture<HttpResponse<byte[]>> sent = CallerRuns.active() ? sendBlocking(request, handler, Runnable::run, bounded)
                : blockingSends == null ? client.sendAsync(request, handler)
                : sendBlocking(request, handler, blockingSends, bounded);
        sent.whenComplete((response, error) -> {
            if (error == null) {
                bounded.complete(response);
            } else {
                bounded.completeExceptionally(error);
            }
        });
        bounded.whenComplete((response, error) -> {
            if (error != null && !sent.isDone()) {
                sent.cancel(true); // sendAsync: aborts the exchange
            }
        });
        return bounded.handle((response, error) -> {
            if (error != null) {
                ChatGatewayException failure = transportFailure(call, d, Futures.unwrap(error));
                resilience.monitor().httpFinished(call.operation(), call.method(), 0, start, failure);
                if (log.isDebugEnabled()) {
                    log.debug("<- {} {} failed after {} ms: {}", call.method(), call.pathForLogs(),
                            (System.nanoTime() - start) / 1_000_000, failure.getClass().getSimpleName());
                }
                throw failure;
            }
            if (log.isDebugEnabled()) {
                log.debug("<- {} {} {} in {} ms ({} bytes)", response.statusCode(), call.method(), call.pathForLogs(),
                        (System.nanoTime() - start) / 1_000_000, response.body().length);
            }
            HttpAnswer answer = new HttpAnswer(call, d, response.statusCode(), response.headers().map(),
                    response.body(), mapper, clock.instant(), accountSecrets);
            Optional<ChatGatewayException> decoded = decoder.decode(answer);
            ChatGatewayException problem = decoded.isPresent() ? decoded.get()
                    // redirects are never followed, even when an adapter's decoder lets a 3xx pass as success
                    : answer.status() >= 300 && answer.status() < 400 ? ErrorDecoder.byStatus(answer, null, null) : null;
            resilience.monitor().httpFinished(call.operation(), call.method(), answer.status(), start, problem);
            if (problem != null) {
                throw problem;
            }
            return answer;
        });
    }

    private CompletableFuture<HttpResponse<byte[]>> sendBlocking(HttpRequest request, HttpResponse.BodyHandler<byte[]> handler,
                                                               java.util.concurrent.Executor where,
                                                               CompletableFuture<?> deadline) {
        CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
        try {
            where.execute(() -> {
                Thread sender = Thread.currentThread();
                boolean[] state = new boolean[2]; // [0] send finished, [1] interrupted by the deadline; guarded by state
                // a deadline passing while the send blocks interrupts it (JDK 16+ then cancels the exchange)
                CompletableFuture<?> watch = deadline.whenComplete((r, e) -> {
                    synchronized (state) {
                        if (e != null && !state[0] && sender != Thread.currentThread()) {
                            state[1] = true;
                            sender.interrupt();
                        }
                    }
                });
                try {
                    result.complete(client.send(request, handler));
                } catch (InterruptedException e) {
                    result.completeExceptionally(new IOException("interrupted while waiting for the answer", e));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e);
                } finally {
                    watch.cancel(false);
                    synchronized (state) {
                        state[0] = true;
                        if (state[1]) {
                            Thread.interrupted(); // only the interrupt this deadline caused, never the caller's own
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ConnectException("the gateway is closed"));
        }
        return result;
    }

    private HttpRequest toRequest(HttpCall call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(call.uri())
                .timeout(call.timeout().orElse(requestTimeout))
                .version("https".equalsIgnoreCase(call.uri().getScheme())
                        ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        boolean accept = false;
        boolean agent = false;
        for (Map.Entry<String, List<String>> h : call.headers().entrySet()) {
            accept |= h.getKey().equalsIgnoreCase("Accept");
            agent |= h.getKey().equalsIgnoreCase("User-Agent");
            for (String v : h.getValue()) {
                b.header(h.getKey(), v);
            }
        }
        if (!accept) {
            b.header("Accept", "application/json");
        }
        if (!agent) {
            b.header("User-Agent", USER_AGENT);
        }
        byte[] body = null;
        if (call.json().isPresent()) {
            try {
                body = mapper.writeValueAsBytes(call.json().get());
            } catch (JsonProcessingException e) {
                throw new InvalidRequestException("The body of " + call + " could not be written as JSON.",
                        details.withOperation(call.operation()), e);
            }
        } else if (call.body().isPresent()) {
            body = call.body().get();
        }
        if (body != null) {
            b.header("Content-Type", call.contentType().orElse("application/octet-stream"));
            b.method(call.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private ChatGatewayException transportFailure(HttpCall call, ErrorDetails d, Throwable cause) {
        if (cause instanceof ChatGatewayException g) {
            return g;
        }
        String what = call.method() + " " + call.pathForLogs() + " to " + call.uri().getHost()
                + (call.uri().getPort() > 0 ? ":" + call.uri().getPort() : "");
        if (causedBy(cause, CappedBodySubscriber.BodyTooLargeException.class)) {
            if (call.deliversMessage()) {
                return uncertain("The answer to " + what + " was larger than " + maxBytes + " bytes and was cut off", d, cause);
            }
            return new ProtocolException("The answer to " + what + " was larger than " + maxBytes
                    + " bytes and was cut off.", d, cause, false);
        }
        if (neverConnected(cause)) {
            return new ProviderUnavailableException("Could not connect for " + what + " ("
                    + cause.getClass().getSimpleName() + "); nothing was sent.", d, cause);
        }
        if (cause instanceof HttpTimeoutException) {
            Duration timeout = call.timeout().orElse(requestTimeout);
            if (call.deliversMessage()) {
                return uncertain("No answer to " + what + " within " + timeout, d, cause);
            }
            return new ProviderUnavailableException("No answer to " + what + " within " + timeout + ".", d, cause);
        }
        if (cause instanceof IOException) {
            String reason = scrub(call, accountSecrets, cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            if (call.deliversMessage()) {
                return uncertain("The connection failed during " + what + " (" + reason + ")", d, cause);
            }
            return new ProviderUnavailableException("The connection failed during " + what + " (" + reason + ").", d, cause);
        }
        if (cause instanceof IllegalArgumentException) {
            return new InvalidRequestException("The request " + what + " was refused by the HTTP client: "
                    + scrub(call, accountSecrets, String.valueOf(cause.getMessage())), d, cause);
        }
        return new ProtocolException("Unexpected failure of " + what + ": " + cause.getClass().getSimpleName() + ".", d, cause);
    }

    private static boolean causedBy(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean neverConnected(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof java.nio.channels.UnresolvedAddressException
                    || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static DeliveryUncertainException uncertain(String sentence, ErrorDetails d, Throwable cause) {
        return new DeliveryUncertainException(sentence + "; the message may have been sent, so it is not sent again.",
                d, null, null, cause);
    }

    private static String scrub(HttpCall call, List<Secret> accountSecrets, String text) {
        String t = text;
        for (Secret s : call.secrets()) {
            t = t.replace(s.reveal(), "****");
        }
        for (Secret s : accountSecrets) {
            t = t.replace(s.reveal(), "****");
        }
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
