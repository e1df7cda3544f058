package io.chatgateway.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Collects a response body up to a cap; beyond it, cancels the stream (so an endless chunked body
 * stops) and fails with {@link BodyTooLargeException}.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    /** The body exceeded the cap. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long cap) {
            super("response body exceeds the cap of " + cap + " bytes");
        }
    }

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    /** The body's only buffer so far (the usual answer: one), or {@code null}; guarded by this. */
    private @Nullable ByteBuffer first;
    /** Every buffer, from the second on (then {@link #first} is {@code null}); guarded by this. */
    private @Nullable List<ByteBuffer> buffers;
    private final long cap;
    private final long declaredLength;
    private Flow.Subscription subscription;
    private long total;

    CappedBodySubscriber(long cap, long declaredLength) {
        this.cap = cap;
        this.declaredLength = declaredLength;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long cap) {
        return info -> new CappedBodySubscriber(cap, declaredLength(info.headers()));
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

    /**
     * @param cap     largest accepted body
     * @param created receives each subscriber the handler makes, so that a deadline can abort its body
     * @return a handler making capped subscribers
     */
    static HttpResponse.BodyHandler<byte[]> handler(long cap, java.util.function.Consumer<CappedBodySubscriber> created) {
        HttpResponse.BodyHandler<byte[]> plain = handler(cap);
        return info -> {
            CappedBodySubscriber s = (CappedBodySubscriber) plain.apply(info);
            created.accept(s);
            return s;
        };
    }

    /**
     * Stops reading the body (the stream is cancelled, the connection released) and fails it with {@code cause}.
     *
     * @param cause why, e.g. the request's deadline passed
     */
    synchronized void abort(Throwable cause) {
        if (result.completeExceptionally(cause)) {
            drop();
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }

    /**
     * Waits for the whole body.
     *
     * @return the body
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws IOException          what ended the body: too large, aborted, or the connection's failure
     */
    byte[] await() throws InterruptedException, IOException {
        try {
            return result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (result.isDone()) {
            s.cancel(); // aborted before the body began
            return;
        }
        if (declaredLength > cap) {
            s.cancel();
            result.completeExceptionally(new BodyTooLargeException(cap));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            total += b.remaining();
            if (total > cap) {
                drop();
                subscription.cancel();
                result.completeExceptionally(new BodyTooLargeException(cap));
                return;
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
    public synchronized void onError(Throwable throwable) {
        drop();
        result.completeExceptionally(throwable);
    }

    @Override
    public synchronized void onComplete() {
        if (result.isDone()) {
            return;
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
        result.complete(body);
    }
}
