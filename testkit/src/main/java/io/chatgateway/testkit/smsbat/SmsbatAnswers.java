package io.chatgateway.testkit.smsbat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.testkit.SimulatorServer.Response;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** ChatHub's error answers (RFC 9110 problem details) and JSON writing; stateless. */
final class SmsbatAnswers {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SmsbatAnswers() { }

    static Response notFound(long chatId) {
        return problem(404, "Not Found", null, "Chat " + chatId + " was not found.");
    }

    static Response problem(int status, String title, @Nullable String field, String detail) {
        ObjectNode o = MAPPER.createObjectNode().put("type", "https://tools.ietf.org/html/rfc9110#section-15")
                .put("title", title).put("status", status);
        if (field != null) {
            o.putObject("errors").putArray(field.isEmpty() ? "$" : field).add(detail);
        } else {
            o.put("detail", detail);
        }
        return json(status, o);
    }

    static Response json(int status, JsonNode node) {
        try {
            return Response.json(status, MAPPER.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        BadRequest(String field, String message) {
            super(message);
            this.field = field;
        }
    }
}
