package io.chatgateway.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The physical floor the gateway is measured against: what a hand-written client does for the same
 * call — one {@code java.net.http} request to the same stub URL with the same method, headers and body
 * as the adapter sends, then Jackson's {@code readTree} of the answer. No mapping, no validation, no
 * resilience. Thread-safe.
 */
final class RawClient {

    private final HttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();
    private final URI base;
    private final String provider;

    RawClient(StubServer stub, String provider) {
        this(stub::baseUri, provider, newClient());
    }

    /** @param client the client to send with, e.g. an {@link InMemoryHttpClient} */
    RawClient(StubServer stub, String provider, HttpClient client) {
        this(stub::baseUri, provider, client);
    }

    /**
     * @param bases    base URL per provider (a stub in this JVM or in another process)
     * @param provider navixy, smsbat or quickblox
     * @param client   the client to send with
     */
    RawClient(java.util.function.Function<String, URI> bases, String provider, HttpClient client) {
        this.base = bases.apply(provider);
        this.provider = provider;
        this.client = client;
    }

    /** @return a client configured like the gateway's own (connect timeout, no redirects) */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @return the first page of {@code pageSize} messages of a {@code count}-message conversation, parsed */
    JsonNode messages(long count, int pageSize) {
        HttpRequest request = switch (provider) {
            case "navixy" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("tracker_id", count);
                body.put("from", navixyTime(0));
                body.put("to", navixyTime(count - 1));
                body.put("limit", pageSize);
                body.put("ascending", true);
                yield post(URI.create(base + "/tracker/chat/list"), body)
                        .header("Authorization", "NVX " + Gateways.NAVIXY_HASH)
                        .header("NVX-ISO-DateTime", "true").build();
            }
            case "smsbat" -> request(URI.create(base + "/api/chat/chats/" + count + "/messages"))
                    .header("Authorization", "Bearer " + Gateways.SMSBAT_TOKEN).GET().build();
            case "quickblox" -> request(URI.create(base + "/chat/Message.json?chat_dialog_id="
                    + StubData.quickbloxDialog(count) + "&mark_as_read=0&sort_asc=date_sent"
                    + "&date_sent%5Bgte%5D=" + StubData.BASE_SECONDS + "&date_sent%5Blt%5D=" + (StubData.BASE_SECONDS + count)
                    + "&limit=" + pageSize))
                    .header("Authorization", "ApiKey " + Gateways.QUICKBLOX_API_KEY)
                    .header("On-Behalf-Of", Gateways.QUICKBLOX_USER).GET().build();
            default -> throw new IllegalArgumentException(provider);
        };
        return call(request);
    }

    /** @return the provider's answer to sending {@code text} to the conversation with that id, parsed */
    JsonNode send(String conversationId, String text) {
        HttpRequest request = switch (provider) {
            case "navixy" -> post(URI.create(base + "/tracker/chat/send"),
                    Map.of("tracker_id", Long.parseLong(conversationId), "message", text))
                    .header("Authorization", "NVX " + Gateways.NAVIXY_HASH)
                    .header("NVX-ISO-DateTime", "true").build();
            case "smsbat" -> post(URI.create(base + "/api/chat/" + conversationId + "/message"),
                    Map.of("textMessage", text, "author", 0))
                    .header("Authorization", "Bearer " + Gateways.SMSBAT_TOKEN).build();
            case "quickblox" -> post(URI.create(base + "/chat/Message.json"),
                    quickbloxSend(conversationId, text))
                    .header("Authorization", "ApiKey " + Gateways.QUICKBLOX_API_KEY)
                    .header("On-Behalf-Of", Gateways.QUICKBLOX_USER).build();
            default -> throw new IllegalArgumentException(provider);
        };
        return call(request);
    }

    /** @param bytes a provider answer @return it parsed, the floor of decoding */
    JsonNode parse(byte[] bytes) {
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode call(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("The stub answered " + response.statusCode() + " to " + request.uri());
        }
        return parse(response.body());
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
    }

    private HttpRequest.Builder post(URI uri, Map<String, ?> json) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return request(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** @return message {@code index}'s time as the Navixy adapter writes it in ISO mode */
    private static String navixyTime(long index) {
        return StubData.BASE.plusSeconds(index).toString();
    }

    private static Map<String, Object> quickbloxSend(String dialog, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_dialog_id", dialog);
        body.put("message", text);
        body.put("send_to_chat", 1);
        body.put("markable", 1);
        return body;
    }
}
