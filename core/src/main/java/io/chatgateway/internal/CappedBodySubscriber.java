package io.chatgateway.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Collects a response body up to a cap; beyond it the stream is cancelled (so an endless chunked body stops)
 * and the body fails with {@link BodyTooLargeException}.
 *
 * <p>Used through the JDK's own {@link HttpResponse.BodySubscribers#fromSubscriber(Flow.Subscriber,
 * java.util.function.Function) fromSubscriber} adapter ({@link #handler}): the JDK trusts its adapter, so the
 * client completes the exchange on the thread that read the last bytes, without handing {@code getBody} to its
 * executor, and a blocking {@code send} returns once, with the whole body, like {@code ofByteArray} (a caller
 * that waited for the headers and then again for the body was woken twice per call). Over the cap
 * {@link #onNext} throws: the adapter then cancels the subscription and fails the body.
 */
final class CappedBodySubscriber implements Flow.Subscriber<List<ByteBuffer>> {

    /** The body exceeded the cap. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long cap) {
            super("response body exceeds the cap of " + cap + " bytes");
        }
    }

    /** The body's only buffer so far (the usual answer: one), or {@code null}; read and written by the client's thread. */
    private @Nullable ByteBuffer first;
    /** Every buffer, from the second on (then {@link #first} is {@code null}). */
    private @Nullable List<ByteBuffer> buffers;
    private final long cap;
    private final long declaredLength;
    private long total;

    CappedBodySubscriber(long cap, long declaredLength) {
        this.cap = cap;
        this.declaredLength = declaredLength;
    }

    /**
     * @param cap largest accepted body
     * @return a handler whose bodies are capped, on the JDK's trusted subscriber adapter
     */
    static HttpResponse.BodyHandler<byte[]> handler(long cap) {
        return info -> HttpResponse.BodySubscribers.fromSubscriber(
                new CappedBodySubscriber(cap, declaredLength(info.headers())), CappedBodySubscriber::body);
    }

    /**
     * @param headers an answer's headers
     * @return its {@code Content-Length}, or -1 when absent or unreadable (read without the stream
     *         {@code firstValueAsLong} makes per call)
     */
    static long declaredLength(java.net.http.HttpHeaders headers) {
        List<String> values = headers.map().get("Content-Length");
        if (values == null || values.isEmpty()) {
            return -1;
        }
        String v = values.get(0);
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9' || i >= 18) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return v.isEmpty() ? -1 : n;
    }

    private UncheckedIOException tooLarge() {
        return new UncheckedIOException(new BodyTooLargeException(cap));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        // a declared length over the cap fails at the first bytes (the adapter fails a body only from onNext)
        s.request(declaredLength > cap ? 1 : Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (declaredLength > cap) {
            throw tooLarge();
        }
        for (int i = 0, n = items.size(); i < n; i++) {
            ByteBuffer b = items.get(i);
            total += b.remaining();
            if (total > cap) {
                drop();
                throw tooLarge(); // the adapter cancels the subscription and fails the body
            }
            keep(b);
        }
    }

    private void keep(ByteBuffer b) {
        List<ByteBuffer> all = buffers;
        if (all != null) {
            all.add(b);
            return;
        }
        ByteBuffer one = first;
        if (one == null) {
            first = b;
            return;
        }
        all = new ArrayList<>();
        all.add(one);
        all.add(b);
        buffers = all;
        first = null;
    }

    private void drop() {
        first = null;
        buffers = null;
    }

    @Override
    public void onError(Throwable throwable) {
        drop();
    }

    @Override
    public void onComplete() {
        // the body is assembled by body(), the adapter's finisher, right after
    }

    /** @return the whole body, once complete (the adapter's finisher) */
    private byte[] body() {
        if (declaredLength > cap) {
            throw tooLarge();
        }
        byte[] body = new byte[(int) total];
        ByteBuffer one = first;
        List<ByteBuffer> all = buffers;
        if (one != null) {
            one.get(body, 0, one.remaining());
        } else if (all != null) {
            int offset = 0;
            for (ByteBuffer b : all) {
                int n = b.remaining();
                b.get(body, offset, n);
                offset += n;
            }
        }
        drop();
        return body;
    }
}
