package io.chatgateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Operation;
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
import org.slf4j.Logger;

/**
 * {@link ProviderHttp} on the JDK's {@link HttpClient}: builds the request, caps the body, classifies
 * transport failures, and hands every answer to the provider's {@link ErrorDecoder}. Logs method, path,
 * status and timing at DEBUG; never headers, queries or bodies.
 */
final class JdkProviderHttp implements ProviderHttp {

    private static final String USER_AGENT = "chat-gateway/0.1 (java.net.http)";
    /**
     * Whole-exchange deadlines of every gateway in the JVM, on one daemon thread that wakes only when a deadline
     * may be due; a deadline is removed as soon as its exchange ends, and its task only interrupts or aborts,
     * never runs a continuation.
     */
    private static final Deadlines DEADLINES = Deadlines.SHARED;

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
    /** The client's executor when the gateway made the client, told when exchanges start and end; else null. */
    private final ClientWork work;
    /** Capped bodies on the JDK's trusted subscriber adapter: the client never hands them to its executor. */
    private final HttpResponse.BodyHandler<byte[]> capped;
    /** ErrorDetails per operation, made on first use (a benign race: the values are immutable and equal). */
    private final ErrorDetails[] detailsByOperation = new ErrorDetails[Operation.values().length];
    /** The same with HTTP status 200, the usual answer (last slot: no operation). */
    private final ErrorDetails[] okByOperation = new ErrorDetails[Operation.values().length + 1];

    /**
     * @param blockingSends where to run blocking sends instead of {@code sendAsync}, or {@code null}
     *                      (see {@link #needsBlockingSends()})
     * @param work          the executor of {@code client} when the gateway made it ({@link #newClient}), or
     *                      {@code null}
     */
    JdkProviderHttp(HttpClient client, ObjectMapper mapper, ErrorDecoder decoder, ErrorDetails details,
                    Duration requestTimeout, long maxBytes, Clock clock, Logger log, List<Secret> accountSecrets,
                    Executor blockingSends, ClientWork work, ResilientCaller resilience) {
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
        this.work = work;
        this.resilience = resilience;
        this.capped = CappedBodySubscriber.handler(maxBytes);
    }

    /**
     * The client of an account that brings none ({@code ChatGateway.Builder.httpClient} unset): no redirects, the
     * policy's connect timeout, and its own work run by {@link ClientWork}: on its selector thread while the
     * account has few exchanges in flight, instead of a pool.
     *
     * <p>The JDK client hands everything its selector thread has to do next for an exchange (read and parse the
     * answer, decrypt it, complete its future) to its executor; with the default executor, a thread pool, that is
     * about four pool-thread wake-ups per exchange and a selector wake-up for each of them, on top of the caller's
     * own. Run inline, the selector thread does that work itself and wakes only the caller: about 4 instead of
     * about 10 thread wake-ups per exchange (loopback, Navixy {@code messages}, blocking). This is safe here because
     * nothing that runs there blocks: the gateway's body subscriber ({@link CappedBodySubscriber}) only collects
     * bytes, its callers wait in {@code send} (whose completion only wakes them), the gateway's asynchronous
     * completions run on its own threads, never on the client's, and the client has no authenticator, cookie
     * handler or redirects. TLS handshake steps run there too (CPU only, once per connection; a burst of new
     * connections goes to the pool, see {@link ClientWork}). Left: a connection that the provider closed while
     * idle is retried by the client on a new one, and the retry's host lookup may then run on the selector thread,
     * so a slow DNS answer delays the account's other exchanges in flight for that long.
     *
     * @param connectTimeout the policy's connect timeout
     * @param work           the client's executor, which {@link JdkProviderHttp} also tells when exchanges start and end
     * @return a new client
     */
    static HttpClient newClient(Duration connectTimeout, ClientWork work) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(work)
                .build();
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
        ErrorDetails d = details(call.operation());
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
        Exchange x = new Exchange(timeout);
        // the JDK's request timeout ends when the headers arrive: this deadline covers the whole exchange, body too
        x.timer = DEADLINES.add(timeout.toNanos(), x);
        if (CallerRuns.active()) {
            x.sendBlocking(request);
        } else if (blockingSends != null) {
            // inside an async call, a thread that waits for its result may run this exchange instead
            CallerRuns.handOff(blockingSends, () -> x.sendBlocking(request), () -> {
                DEADLINES.remove(x.timer);
                x.fail(new ConnectException("the gateway is closed"));
            });
        } else {
            x.sendAsync(request);
        }
        if (x.isDone()) {
            // answered on this thread (a blocking call): no continuation to allocate
            Throwable error = null;
            if (x.isCompletedExceptionally()) {
                try {
                    x.join();
                } catch (RuntimeException e) { // CompletionException or CancellationException
                    error = e;
                }
            }
            try {
                return CompletableFuture.completedFuture(answer(call, d, start, x, error));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return x.handle((done, error) -> answer(call, d, start, done, error));
    }

    /** @return the answer once the decoder found no error @throws ChatGatewayException the typed failure */
    private HttpAnswer answer(HttpCall call, ErrorDetails d, long start, Exchange done, Throwable error) {
        {
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
                log.debug("<- {} {} {} in {} ms ({} bytes)", done.status, call.method(), call.pathForLogs(),
                        (System.nanoTime() - start) / 1_000_000, done.body.length);
            }
            HttpAnswer answer = new HttpAnswer(call, done.status == 200 ? ok(call.operation(), d) : d, done.status, done.headers, done.body, mapper, clock.instant(),
                    accountSecrets);
            Optional<ChatGatewayException> decoded = decoder.decode(answer);
            ChatGatewayException problem = decoded.isPresent() ? decoded.get()
                    // redirects are never followed, even when an adapter's decoder lets a 3xx pass as success
                    : answer.status() >= 300 && answer.status() < 400 ? ErrorDecoder.byStatus(answer, null, null) : null;
            resilience.monitor().httpFinished(call.operation(), call.method(), answer.status(), start, problem);
            if (problem != null) {
                throw problem;
            }
            return answer;
        }
    }

    /** @return the details of a 200 answer to this operation, made once per operation */
    private ErrorDetails ok(Operation operation, ErrorDetails d) {
        int slot = operation == null ? okByOperation.length - 1 : operation.ordinal();
        ErrorDetails ok = okByOperation[slot];
        if (ok == null) {
            ok = d.withHttpStatus(200);
            okByOperation[slot] = ok;
        }
        return ok;
    }

    /** @return the account's details for this operation, made once per operation */
    private ErrorDetails details(Operation operation) {
        if (operation == null) {
            return details;
        }
        ErrorDetails d = detailsByOperation[operation.ordinal()];
        if (d == null) {
            d = details.withOperation(operation);
            detailsByOperation[operation.ordinal()] = d;
        }
        return d;
    }

    /**
     * One HTTP exchange and its whole-exchange deadline, in one object: it is the future of the answer, the
     * deadline's task, and the state the two share. Both ways of sending read the body through
     * {@link CappedBodySubscriber} on the JDK's trusted subscriber adapter: the client completes the exchange,
     * body included, on the thread that read the last bytes, so a blocking send wakes its caller once per
     * exchange (as {@code ofByteArray} does) and no {@code getBody} is handed to the client's executor. The
     * deadline interrupts a blocked sender (JDK 16+ then cancels the exchange, body included) or fails an
     * asynchronous exchange and cancels it.
     */
    private final class Exchange extends CompletableFuture<Exchange> implements Runnable {
        private final Duration timeout;
        private Deadlines.Entry timer;
        /** Guarded by this: the thread blocked in the send, until it returns. */
        private Thread sender;
        /** Guarded by this: the deadline passed. */
        private boolean late;
        /** Guarded by this: the deadline interrupted the sender (cleared before the sender returns). */
        private boolean interrupted;
        private volatile CompletableFuture<HttpResponse<byte[]>> async;
        int status;
        Map<String, List<String>> headers;
        byte[] body;

        Exchange(Duration timeout) {
            this.timeout = timeout;
        }

        /** The deadline: makes the blocked sender give up, or fails an asynchronous exchange. */
        @Override
        public void run() {
            synchronized (this) {
                if (isDone()) {
                    return;
                }
                late = true;
                if (sender != null) {
                    interrupted = true;
                    sender.interrupt(); // JDK 16+ cancels the exchange, before or during the body
                }
            }
            if (async != null) {
                failLateAsync();
            }
        }

        /** Fails an asynchronous exchange whose deadline passed; never runs the caller's continuations on the timer. */
        private void failLateAsync() {
            ForkJoinPool.commonPool().execute(() -> {
                if (completeExceptionally(timedOut())) {
                    async.cancel(true); // aborts the exchange
                }
            });
        }

        private HttpTimeoutException timedOut() {
            return new HttpTimeoutException("no complete answer within " + timeout);
        }

        void fail(Throwable error) {
            completeExceptionally(error);
        }

        void sendBlocking(HttpRequest request) {
            synchronized (this) {
                if (late) { // waited for a thread past the deadline
                    completeExceptionally(timedOut());
                    return;
                }
                sender = Thread.currentThread();
            }
            if (work != null) {
                work.started();
            }
            try {
                HttpResponse<byte[]> response = client.send(request, capped);
                DEADLINES.remove(timer);
                status = response.statusCode();
                headers = response.headers().map();
                body = response.body();
                complete(this);
            } catch (InterruptedException e) {
                DEADLINES.remove(timer);
                completeExceptionally(lateOr(new IOException("interrupted while waiting for the answer", e)));
            } catch (IOException | RuntimeException e) {
                DEADLINES.remove(timer);
                completeExceptionally(e);
            } finally {
                if (work != null) {
                    work.ended();
                }
                synchronized (this) {
                    sender = null;
                    if (interrupted) {
                        Thread.interrupted(); // only the interrupt this deadline caused, never the caller's own
                    }
                }
            }
        }

        private synchronized Throwable lateOr(Throwable error) {
            return late ? timedOut() : error;
        }

        void sendAsync(HttpRequest request) {
            if (work != null) {
                work.started();
            }
            try {
                async = client.sendAsync(request, capped);
            } catch (RuntimeException e) {
                if (work != null) {
                    work.ended();
                }
                throw e;
            }
            async.whenComplete((response, error) -> {
                if (work != null) {
                    work.ended();
                }
                DEADLINES.remove(timer);
                if (error != null) {
                    completeExceptionally(error);
                    return;
                }
                status = response.statusCode();
                headers = response.headers().map();
                body = response.body();
                complete(this);
            });
            boolean isLate;
            synchronized (this) {
                isLate = late;
            }
            if (isLate) {
                failLateAsync(); // the deadline passed before the exchange could be aborted
            }
        }
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
