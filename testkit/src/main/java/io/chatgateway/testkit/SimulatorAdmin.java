package io.chatgateway.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.DeliveryStatus;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The admin endpoints every {@link ProviderSimulator} answers below {@link #PREFIX} (see
 * {@link ProviderSimulator}): one place that maps HTTP onto the simulators' Java hooks.
 */
final class SimulatorAdmin {

    /** Path prefix of the admin endpoints, at the server's root. */
    static final String PREFIX = "/_chatgw/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulatorAdmin() {}

    static SimulatorServer.Response handle(ProviderSimulator simulator, RecordedRequest request) {
        String action = request.path().substring(PREFIX.length());
        if (!action.equals("inbound") && !action.equals("deliver")) {
            return error(404, "No admin endpoint " + request.path() + "; there are " + PREFIX + "inbound and "
                    + PREFIX + "deliver.");
        }
        if (!request.method().equals("POST")) {
            return error(405, request.path() + " takes POST, not " + request.method() + ".");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            return error(400, "The body of " + request.path() + " is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return error(400, "The body of " + request.path() + " could not be read: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            return error(400, "The body of " + request.path() + " must be a JSON object.");
        }
        try {
            String conversation = text(body, "conversation");
            if (action.equals("inbound")) {
                String id = simulator.addInbound(conversation, text(body, "text"));
                return ok("message", id);
            }
            String message = text(body, "message");
            JsonNode s = body.get("status");
            DeliveryStatus status = s == null || s.isNull() ? null : status(s.asText());
            return ok("status", simulator.deliver(conversation, message, status).name());
        } catch (UnsupportedOperationException e) {
            return error(501, e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return error(400, e.getMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !(n.isTextual() || n.isNumber()) || n.asText().isBlank()) {
            throw new IllegalArgumentException("The field \"" + field + "\" (a string) is missing.");
        }
        return n.asText();
    }

    private static DeliveryStatus status(String name) {
        try {
            return DeliveryStatus.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown status \"" + name + "\"; one of "
                    + Arrays.stream(DeliveryStatus.values()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
        }
    }

    private static SimulatorServer.Response ok(String field, String value) {
        return json(200, JSON.createObjectNode().put(field, value));
    }

    private static SimulatorServer.Response error(int status, String message) {
        return json(status, JSON.createObjectNode().put("error", String.valueOf(message)));
    }

    private static SimulatorServer.Response json(int status, JsonNode node) {
        try {
            return SimulatorServer.Response.json(status, JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
