package io.chatgateway.benchmarks;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} without a network: the first request of each method and path goes to a real
 * client (the stub server) and its answer is recorded; every later request with that method and path gets
 * the recorded answer, fed to the caller's {@link HttpResponse.BodyHandler} on the calling thread. What
 * remains per call is the library's own work (and the raw path's), which is what the own-cost benchmark
 * measures. Thread-safe.
 */
final class InMemoryHttpClient extends HttpClient {

    private record Answer(int status, HttpHeaders headers, byte[] body) { }

    private final HttpClient real;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    /** @param real the client that fetches each answer once */
    InMemoryHttpClient(HttpClient real) {
        this.real = real;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        Answer a = answer(request);
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new Info(a));
        subscriber.onSubscribe(new Flow.Subscription() {
            private boolean done;

            @Override
            public void request(long n) {
                if (!done) {
                    done = true;
                    if (a.body.length > 0) {
                        subscriber.onNext(List.of(ByteBuffer.wrap(a.body).asReadOnlyBuffer()));
                    }
                    subscriber.onComplete();
                }
            }

            @Override
            public void cancel() {
                done = true;
            }
        });
        T body = subscriber.getBody().toCompletableFuture().join();
        return new Response<>(request, a, body);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return CompletableFuture.completedFuture(send(request, handler));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    private Answer answer(HttpRequest request) throws IOException {
        String key = request.method() + ' ' + request.uri().getRawPath();
        Answer a = answers.get(key);
        if (a == null) {
            HttpResponse<byte[]> r;
            try {
                r = real.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            a = new Answer(r.statusCode(), r.headers(), r.body());
            answers.putIfAbsent(key, a);
        }
        return a;
    }

    private record Info(Answer answer) implements HttpResponse.ResponseInfo {
        @Override
        public int statusCode() {
            return answer.status;
        }

        @Override
        public HttpHeaders headers() {
            return answer.headers;
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }

    private record Response<T>(HttpRequest request, Answer answer, T body) implements HttpResponse<T> {
        @Override
        public int statusCode() {
            return answer.status;
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return answer.headers;
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return real.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        return real.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return real.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.empty();
    }
}
