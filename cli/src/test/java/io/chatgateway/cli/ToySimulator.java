package io.chatgateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.ProviderSimulatorFactory;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only simulator of a made-up "toy" provider (a third-party provider, as far as the CLI knows): shows
 * that the sandbox takes whatever simulators are on the class path, and lets the CLI tests run without
 * the real adapters.
 */
final class ToySimulator extends SimulatorServer implements ProviderSimulator {

    /** ServiceLoader entry point. */
    public static final class Factory implements ProviderSimulatorFactory {
        @Override
        public String providerId() {
            return "toy";
        }

        @Override
        public ProviderSimulator start(int port) {
            return new ToySimulator(port);
        }
    }

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONVERSATION = Pattern.compile("/api/conversations/([^/]+)(/.*)?");

    record Msg(String id, String text, boolean inbound, boolean read, Instant at) { }

    record Conv(String id, String title, String status, List<Msg> messages) { }

    private final Map<String, Conv> conversations = new LinkedHashMap<>();
    private int nextId = 100;

    ToySimulator(int port) {
        super(port);
    }

    @Override
    public String providerId() {
        return "toy";
    }

    @Override
    public Map<String, String> accountProperties(String account) {
        String p = "chatgateway.account." + account + ".";
        return Map.of(p + "provider", "toy", p + "base-url", baseUri().toString(), p + "token", "toy-demo-token");
    }

    @Override
    public synchronized void seedDemoData() {
        if (!conversations.isEmpty()) {
            return;
        }
        conversations.put("1", new Conv("1", "Alice", "OPEN", new ArrayList<>(List.of(
                new Msg("11", "Hi, where is the truck?", true, true, T0),
                new Msg("12", "On the way, 10 minutes", false, true, T0.plusSeconds(60)),
                new Msg("13", "Thanks!", true, false, T0.plusSeconds(120)),
                new Msg("14", "Is the gate open?", true, false, T0.plusSeconds(180))))));
        conversations.put("2", new Conv("2", "Bob", "NEW", new ArrayList<>(List.of(
                new Msg("21", "Hello\nsecond line", true, false, T0.plusSeconds(3600))))));
        conversations.put("3", new Conv("3", "Carol", "CLOSED", new ArrayList<>(List.of(
                new Msg("31", "Done", false, true, T0.minusSeconds(3600))))));
    }

    @Override
    public SimulatorServer server() {
        return this;
    }

    @Override
    protected synchronized Response handle(RecordedRequest request) {
        List<String> auth = request.headers().getOrDefault("authorization", List.of());
        if (!auth.contains("Bearer toy-demo-token")) {
            return Response.json(401, "{\"error\":\"unauthorized\"}");
        }
        String path = request.path();
        if (path.equals("/api/conversations") && request.method().equals("GET")) {
            ArrayNode list = JSON.createArrayNode();
            conversations.values().forEach(c -> list.add(conversation(c)));
            return Response.json(200, list.toString());
        }
        if (path.equals("/api/unread")) {
            ObjectNode counts = JSON.createObjectNode();
            conversations.values().forEach(c -> counts.put(c.id(), unread(c)));
            return Response.json(200, counts.toString());
        }
        Matcher m = CONVERSATION.matcher(path);
        if (!m.matches()) {
            return Response.json(404, "{\"error\":\"no route\"}");
        }
        Conv c = conversations.get(m.group(1));
        if (c == null) {
            return Response.json(404, "{\"error\":\"no such conversation\"}");
        }
        String rest = m.group(2) == null ? "" : m.group(2);
        switch (request.method() + " " + rest) {
            case "GET /messages" -> {
                int skip = Integer.parseInt(request.query().getOrDefault("skip", List.of("0")).get(0));
                int limit = Integer.parseInt(request.query().getOrDefault("limit", List.of("2")).get(0));
                ObjectNode page = JSON.createObjectNode();
                ArrayNode items = page.putArray("items");
                List<Msg> ordered = new ArrayList<>(c.messages());
                if (request.query().getOrDefault("order", List.of("asc")).get(0).equals("desc")) {
                    java.util.Collections.reverse(ordered);
                }
                ordered.stream().skip(skip).limit(limit).forEach(x -> items.add(message(x)));
                page.put("more", skip + limit < c.messages().size());
                return Response.json(200, page.toString());
            }
            case "POST /messages" -> {
                String text = body(request).path("text").asText();
                Msg sent = new Msg(String.valueOf(nextId++), text, false, true, T0.plusSeconds(7200));
                c.messages().add(sent);
                return Response.json(200, message(sent).toString());
            }
            case "POST /read" -> {
                c.messages().replaceAll(x -> new Msg(x.id(), x.text(), x.inbound(), true, x.at()));
                return Response.empty(204);
            }
            case "POST /read-one" -> {
                String id = body(request).path("id").asText();
                c.messages().replaceAll(x -> x.id().equals(id) ? new Msg(x.id(), x.text(), x.inbound(), true, x.at()) : x);
                return Response.empty(204);
            }
            case "PUT /status" -> {
                conversations.put(c.id(), new Conv(c.id(), c.title(), body(request).path("status").asText(), c.messages()));
                return Response.empty(204);
            }
            default -> {
                return Response.json(404, "{\"error\":\"no route\"}");
            }
        }
    }

    private static JsonNode body(RecordedRequest request) {
        try {
            return JSON.readTree(new String(request.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static long unread(Conv c) {
        return c.messages().stream().filter(x -> x.inbound() && !x.read()).count();
    }

    private static ObjectNode conversation(Conv c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", c.id());
        n.put("title", c.title());
        n.put("status", c.status());
        n.put("unread", unread(c));
        n.put("last", c.messages().stream().map(Msg::at).max(Instant::compareTo).map(Instant::toString).orElse(null));
        return n;
    }

    private static ObjectNode message(Msg x) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", x.id());
        n.put("text", x.text());
        n.put("inbound", x.inbound());
        n.put("read", x.read());
        n.put("at", x.at().toString());
        return n;
    }
}
